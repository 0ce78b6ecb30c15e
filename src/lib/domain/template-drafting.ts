/**
 * How the admin screen proposes a new draft: from which version, under which template id and
 * version label. Pure, so the choices a province admin gets can be tested without a browser.
 */
import type { CreateDraftRequest } from './protocol';
import type { TemplateVersionMeta } from './template-versions';

/**
 * A label not yet used in the template: `<year>.<n>`, one above the highest n of that year
 * ("2026.1", "2026.2"…), the way a Sở Nội vụ numbers its yearly revisions.
 */
export function suggestVersionLabel(usedLabels: readonly string[], year: number): string {
	const pattern = new RegExp(`^${year}\\.(\\d+)$`);
	let highest = 0;
	for (const label of usedLabels) {
		const n = pattern.exec(label)?.[1];
		if (n !== undefined) highest = Math.max(highest, Number(n));
	}
	return `${year}.${highest + 1}`;
}

/**
 * The template a draft from `from` belongs to for an admin of `adminProvince` (null: national).
 * A national admin, or a province admin drafting from the province's own version, stays in
 * `from`'s template. A province admin drafting from a national version gets the province's own
 * template on top of it: the one it already has built on that template, else a new id.
 */
export function draftTarget(
	from: TemplateVersionMeta,
	adminProvince: number | null,
	versions: readonly TemplateVersionMeta[]
): { templateId: string; scopeProvinceCode: number | null } {
	if (adminProvince === null || from.scopeProvinceCode === adminProvince)
		return { templateId: from.templateId, scopeProvinceCode: from.scopeProvinceCode };
	const own = versions.find((v) => v.scopeProvinceCode === adminProvince && v.basedOn?.templateId === from.templateId);
	return { templateId: own?.templateId ?? `${from.templateId}-tinh-${adminProvince}`, scopeProvinceCode: adminProvince };
}

/** The request that drafts a new version from `from`, with a label the template has not used. */
export function draftRequest(
	from: TemplateVersionMeta,
	adminProvince: number | null,
	versions: readonly TemplateVersionMeta[],
	year: number
): CreateDraftRequest {
	const target = draftTarget(from, adminProvince, versions);
	const used = versions.filter((v) => v.templateId === target.templateId).map((v) => v.version);
	return {
		from: { templateId: from.templateId, version: from.version },
		version: suggestVersionLabel(used, year),
		scopeProvinceCode: target.scopeProvinceCode,
		...(target.templateId === from.templateId ? {} : { templateId: target.templateId })
	};
}
