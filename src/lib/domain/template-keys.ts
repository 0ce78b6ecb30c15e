/**
 * Naming and choosing template versions without their schemas (template-versions.ts re-exports
 * these): a page reads its record's template by key before its first paint, which must not wait
 * for zod (issue 20: offline cold start).
 */

/** What choosing the version in effect reads of a version (`TemplateVersionMeta` has it all). */
export interface VersionDates {
	status: string;
	effectiveFrom: string | null;
	scopeProvinceCode: number | null;
	publishedAt: string | null;
}

export const keyOf = (v: { templateId: string; version: string }): string => `${v.templateId}@${v.version}`;

/**
 * The version a new inspection in `provinceCode` takes on `date` (YYYY-MM-DD): among published
 * versions already in effect, the province's own over the national ones, then the latest
 * effective date (then the latest publication). Null when none is in effect.
 */
export function effectiveVersion<V extends VersionDates>(versions: readonly V[], provinceCode: number | null, date: string): V | null {
	const inEffect = versions.filter((v) => v.status === 'published' && v.effectiveFrom !== null && v.effectiveFrom <= date);
	const own = provinceCode === null ? [] : inEffect.filter((v) => v.scopeProvinceCode === provinceCode);
	const pool = own.length > 0 ? own : inEffect.filter((v) => v.scopeProvinceCode === null);
	let best: V | null = null;
	for (const v of pool) if (!best || laterThan(v, best)) best = v;
	return best;
}

function laterThan(a: VersionDates, b: VersionDates): boolean {
	if (a.effectiveFrom !== b.effectiveFrom) return a.effectiveFrom! > b.effectiveFrom!;
	return (a.publishedAt ?? '') > (b.publishedAt ?? '');
}
