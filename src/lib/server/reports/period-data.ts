/**
 * The rows one period of a report reads (domain/report-assembly.ts turns them into numbers).
 *
 * Counted inspections are official (`kind = 'official'`), in the counted statuses, started in the
 * period. They are read from their summaries (migration 024, record-summaries.ts): one row per
 * record with its score, findings and roster officers, on a range of (province_code, started_at)
 * or, for one unit, (unit_code, started_at). No answer is read and nothing is scored here; the
 * handlers keep the summaries current and `ensureSummaries` (period-report.ts) fills any missing.
 */
import type { Kysely } from 'kysely';
import type { PeriodData, PreviousVisit } from '$lib/domain/report-assembly';
import type { PeriodRange } from '$lib/domain/reports';
import type { SipasFactor, Template } from '$lib/domain/template';
import type { Database } from '../db/schema';
import { withRosterTable } from '../roster/roster-table';
import { pinnableTemplate } from '../templates';
import { inChunks, summaryDetail } from './record-summaries';

/** Which inspections a report reads: a province or one of its units, and the statuses counted. */
export interface ReportQueryScope {
	provinceCode: number;
	unitCode: number | null;
	statuses: readonly ('submitted' | 'approved')[];
	/** Whether planned visits are read (never for a ward: plans are secret from the unit). */
	withPlans: boolean;
}

function counted(db: Kysely<Database>, scope: ReportQueryScope) {
	let query = db
		.selectFrom('record_summaries')
		.where('record_summaries.kind', '=', 'official')
		.where('record_summaries.status', 'in', [...scope.statuses]);
	query =
		scope.unitCode === null
			? query.where('record_summaries.province_code', '=', scope.provinceCode)
			: query.where('record_summaries.unit_code', '=', scope.unitCode);
	return query;
}

/** Templates read for one report, and what the report needs of them. */
export class TemplateShelf {
	readonly #templates = new Map<string, Template | null>();

	constructor(private readonly db: Kysely<Database>) {}

	async get(id: string, version: string): Promise<Template | null> {
		const key = `${id}@${version}`;
		if (!this.#templates.has(key)) this.#templates.set(key, await pinnableTemplate(this.db, id, version));
		return this.#templates.get(key)!;
	}

	/** Sections by id (the title of the version read last) and each item's SIPAS factor. */
	catalogue(): { sections: { id: string; title: string }[]; itemFactors: Map<string, SipasFactor> } {
		const sections = new Map<string, string>();
		const itemFactors = new Map<string, SipasFactor>();
		for (const template of this.#templates.values()) {
			if (!template) continue;
			for (const s of template.sections) {
				sections.set(s.id, s.title);
				for (const i of s.items) itemFactors.set(i.id, i.sipas);
			}
		}
		return { sections: [...sections].map(([id, title]) => ({ id, title })), itemFactors };
	}
}

async function plannedVisits(db: Kysely<Database>, scope: ReportQueryScope, range: PeriodRange) {
	let query = db
		.selectFrom('inspections')
		.select(['unit_code', 'status'])
		.where('province_code', '=', scope.provinceCode)
		.where('kind', '=', 'official')
		.where('window_start', '>=', range.start)
		.where('window_start', '<=', range.end);
	if (scope.unitCode !== null) query = query.where('unit_code', '=', scope.unitCode);
	const rows = await query.execute();
	return rows.map((r) => ({ unitCode: Number(r.unit_code), done: (scope.statuses as readonly string[]).includes(r.status) }));
}

/** The counted inspections of a period with their scores, findings, planned visits and observed officers. */
export async function periodData(
	db: Kysely<Database>,
	shelf: TemplateShelf,
	scope: ReportQueryScope,
	range: PeriodRange
): Promise<PeriodData> {
	const rows = await counted(db, scope)
		.select(['inspection_id', 'unit_code', 'started_at', 'template_id', 'template_version', 'score', 'detail'])
		.where('started_at', '>=', range.from)
		.where('started_at', '<', range.to)
		.orderBy('started_at')
		.orderBy('inspection_id')
		.execute();
	const data: PeriodData = { inspections: [], findings: [], planned: null, officerVisits: [] };
	// The catalogue (sections, SIPAS factors) covers every template a counted record pinned.
	const pinned = new Map(rows.map((r) => [`${r.template_id}@${r.template_version}`, r]));
	for (const r of pinned.values()) await shelf.get(r.template_id, r.template_version);
	for (const row of rows) {
		const unitCode = Number(row.unit_code);
		const inspectionId = row.inspection_id;
		const score = row.score === null ? null : Number(row.score);
		data.inspections.push({ id: inspectionId, unitCode, startedAt: row.started_at, score });
		const detail = summaryDetail(inspectionId, row.detail);
		for (const f of detail.findings) data.findings.push({ ...f, inspectionId, unitCode });
		for (const [officerId, rosterId] of detail.officers)
			data.officerVisits.push({ inspectionId, officerId, rosterId, unitCode, startedAt: row.started_at });
	}
	// Findings stay in record order, each record's by id (as summarised): all the assembly needs.
	if (scope.withPlans) data.planned = await plannedVisits(db, scope, range);
	return data;
}

/**
 * Each unit's last counted inspection before `before` and the items its findings named: what a
 * unit's first visit of the period is compared with for repeat findings. One grouped query for
 * the latest start per unit, then those inspections and their findings by id.
 */
export async function previousVisits(db: Kysely<Database>, scope: ReportQueryScope, before: string): Promise<Map<number, PreviousVisit>> {
	const latest = await counted(db, scope)
		.select((eb) => ['unit_code', eb.fn.max('started_at').as('started_at')])
		.where('started_at', '<', before)
		.groupBy('unit_code')
		.execute();
	const visits = new Map<number, PreviousVisit>();
	if (latest.length === 0) return visits;
	const wanted = new Set(latest.map((l) => `${Number(l.unit_code)}|${String(l.started_at)}`));
	const starts = [...new Set(latest.map((l) => String(l.started_at)))];
	const candidates = await inChunks(starts, (chunk) =>
		counted(db, scope).select(['inspection_id', 'unit_code', 'started_at', 'detail']).where('started_at', 'in', chunk).execute()
	);
	// Two visits of one unit starting at the same instant: the larger id, as the period's order has it.
	for (const c of candidates.sort((a, b) => a.inspection_id.localeCompare(b.inspection_id)))
		if (wanted.has(`${Number(c.unit_code)}|${c.started_at}`)) {
			const { findings } = summaryDetail(c.inspection_id, c.detail);
			visits.set(Number(c.unit_code), { inspectionId: c.inspection_id, startedAt: c.started_at, itemIds: findings.map((f) => f.itemId) });
		}
	return visits;
}

/** The roster entries of the scope's units, for officers' names. */
export async function rosterEntries(db: Kysely<Database>, scope: ReportQueryScope) {
	let query = withRosterTable(db).selectFrom('roster_officers').select(['id', 'name', 'position', 'unit_code']);
	query = scope.unitCode === null ? query.where('province_code', '=', scope.provinceCode) : query.where('unit_code', '=', scope.unitCode);
	const rows = await query.execute();
	return rows.map((r) => ({ id: r.id, name: r.name, position: r.position, unitCode: Number(r.unit_code) }));
}
