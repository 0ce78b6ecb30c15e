/**
 * The `citizen-voice` export (docs/exports.md "Ý kiến người dân"): per unit and SIPAS factor over
 * a report period, the respondents and averages from interviews and from the feedback point, the
 * flooded responses apart, the inspection's findings of the factor and the previous period's
 * figures. The same numbers as the report's `voice` (report-assembly.ts): each province is read as
 * a report reads it (summaries, one grouped sums query), so a national export is 34 small reads.
 *
 * Rows come as `RecordRows` so the CSV, XLSX and JSON writers of export-files.ts take them as they
 * are: the unit's columns once, then one row per factor. Only units with something to show in
 * either period are listed. No free text ever: comments live in the feedback inbox only.
 */
import type { Kysely } from 'kysely';
import { assembleCitizenVoice, voiceExportRows, voiceHasData } from '$lib/domain/citizen-voice';
import type { ExportFilter } from '$lib/domain/exports';
import { SIPAS_FACTOR_WORDS } from '$lib/domain/record-text';
import { formatPeriodParam, parsePeriodParam, periodContaining, periodRange, previousPeriod, type ReportPeriod } from '$lib/domain/reports';
import type { Database } from '../db/schema';
import { Refusal } from '../http';
import { voiceSums } from '../reports/citizen-voice';
import { periodData, TemplateShelf, type ReportQueryScope } from '../reports/period-data';
import { ensureSummaries } from '../reports/record-summaries';
import { unitNames } from '../reports/unit-names';
import type { Actor } from '../sync/actor';
import { findUnit } from '../units/unit-directory';
import type { Position, RecordRows } from './export-rows';
import { exportScope } from './export-scope';

/**
 * The period of a citizen-voice export: `period` as the reports write it (`2026-Q3`, `2026`, …),
 * else `from`..`to` as a custom period (one without the other is refused), else the quarter of `today`.
 */
export function voiceExportPeriod(param: string | null, filter: ExportFilter, today: string): ReportPeriod {
	if (param !== null && param !== '') {
		const period = parsePeriodParam(param);
		if (!period) throw new Refusal(400, 'invalid_request', 'invalid_period', 'period');
		return period;
	}
	if (filter.from && filter.to) {
		const period = parsePeriodParam(`${filter.from}..${filter.to}`);
		if (!period) throw new Refusal(400, 'invalid_request', 'period_too_long', 'to');
		return period;
	}
	// Half a range is not a period: silently reporting this quarter instead would mislead.
	if (filter.from || filter.to) throw new Refusal(400, 'invalid_request', 'period_needs_from_and_to', filter.from ? 'to' : 'from');
	return periodContaining('quarter', today);
}

/** Positions sort as the rows are made: province, unit, factor (fixed-width numbers). */
const positionOf = (province: number, unit: number, factor: number): Position => ({
	startedAt: '',
	inspectionId: `${String(province).padStart(3, '0')}-${String(unit).padStart(6, '0')}`,
	key: String(factor)
});
const after = (p: Position, cursor: Position) =>
	p.inspectionId > cursor.inspectionId || (p.inspectionId === cursor.inspectionId && (p.key ?? '') > (cursor.key ?? ''));

/** The rows of the export for `actor`, a province at a time, after `cursor` when one is given. */
export async function* citizenVoiceRows(
	db: Kysely<Database>,
	actor: Actor,
	filter: ExportFilter,
	period: ReportPeriod,
	cursor: Position | null = null
): AsyncGenerator<RecordRows[]> {
	const scope = exportScope(actor, filter);
	const names = await unitNames();
	const statuses = actor.role === 'ward' ? (['approved'] as const) : (['submitted', 'approved'] as const);
	let provinces = scope.provinceCode !== null ? [scope.provinceCode] : names.provinceCodes();
	if (scope.unitCode !== null) {
		// One unit is read in its own province only; a unit outside the caller's has no rows.
		const unit = await findUnit(db, scope.unitCode);
		provinces = unit && provinces.includes(unit.provinceCode) ? [unit.provinceCode] : [];
	}
	const previous = previousPeriod(period);
	const [range, previousRange] = [periodRange(period), periodRange(previous)];
	const [periodText, previousText] = [formatPeriodParam(period), formatPeriodParam(previous)];

	for (const [p, provinceCode] of provinces.entries()) {
		if (cursor && positionOf(p, Number.MAX_SAFE_INTEGER, 9).inspectionId < cursor.inspectionId) continue;
		const query: ReportQueryScope = { provinceCode, unitCode: scope.unitCode, statuses, withPlans: false };
		await ensureSummaries(db, query);
		const shelf = new TemplateShelf(db);
		const before = await periodData(db, shelf, query, previousRange);
		const current = await periodData(db, shelf, query, range);
		const rows = await voiceSums(db, query, [previousRange, range]);
		const codes = scope.unitCode !== null ? [scope.unitCode] : names.communeCodes(provinceCode);
		// Units outside the bundled list (a branch, a centre) are reported rather than dropped.
		for (const code of [...rows.map((r) => r.unitCode), ...current.findings.map((f) => f.unitCode)])
			if (!codes.includes(code)) codes.push(code);
		const voice = assembleCitizenVoice({
			periods: [{ findings: before.findings }, { findings: current.findings }],
			rows,
			units: codes.map((code) => ({ code, name: names.commune(code) })),
			itemFactors: shelf.catalogue().itemFactors
		});
		const batch: RecordRows[] = [];
		for (const [u, unit] of voice.units.entries()) {
			if (!voiceHasData(unit.current) && !voiceHasData(unit.previous)) continue;
			const own = voiceExportRows(unit, previousText, (f) => SIPAS_FACTOR_WORDS[f])
				.map((cells, f) => ({ position: positionOf(p, u, f), cells }))
				.filter((r) => !cursor || after(r.position, cursor));
			if (own.length === 0) continue;
			batch.push({
				startedAt: '',
				inspectionId: own[0]!.position.inspectionId,
				record: [provinceCode, names.province(provinceCode), unit.unitCode, unit.unitName, periodText],
				rows: own.map((r) => ({ key: r.position.key, cells: r.cells }))
			});
		}
		if (batch.length > 0) yield batch;
	}
}
