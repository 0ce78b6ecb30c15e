/**
 * The rows one period of a report reads (domain/report-assembly.ts turns them into numbers).
 *
 * Counted inspections are official (`kind = 'official'`), in the counted statuses, started in the
 * period: a range on (province_code, started_at) (migration 005) or, for one unit,
 * (unit_code, started_at) (022). Their answers, officers, findings and fix events are then read
 * by inspection id, in chunks, on the indexes keyed by inspection_id (001, 007) and finding_id
 * (006). Scores are not stored on the server, so each inspection is scored here exactly as the
 * device scores it (`scoreInspection` over its pinned template) — the step per-period summaries
 * (issue 18, must-show 7) will replace.
 */
import type { Kysely } from 'kysely';
import type { ReportFinding, PeriodData, PreviousVisit, ReportInspection, ReportOfficerVisit } from '$lib/domain/report-assembly';
import type { FindingStatus } from '$lib/domain/finding-states';
import type { Inspection } from '$lib/domain/inspection';
import type { PeriodRange } from '$lib/domain/reports';
import { vietnamDate } from '$lib/domain/dates';
import { scoreInspection } from '$lib/domain/scoring';
import type { SipasFactor, Template } from '$lib/domain/template';
import type { Database } from '../db/schema';
import { withRosterTable } from '../roster/roster-table';
import { answerOf } from '../sync/row-converters';
import { pinnableTemplate } from '../templates';

/** Which inspections a report reads: a province or one of its units, and the statuses counted. */
export interface ReportQueryScope {
	provinceCode: number;
	unitCode: number | null;
	statuses: readonly ('submitted' | 'approved')[];
	/** Whether planned visits are read (never for a ward: plans are secret from the unit). */
	withPlans: boolean;
}

/** Ids per IN list: well under SQLite's and PostgreSQL's bound on parameters. */
const CHUNK = 500;

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const row of rows) {
		const k = key(row);
		const group = groups.get(k);
		if (group) group.push(row);
		else groups.set(k, [row]);
	}
	return groups;
}

async function inChunks<T>(ids: string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
	const rows: T[] = [];
	for (let i = 0; i < ids.length; i += CHUNK) rows.push(...(await read(ids.slice(i, i + CHUNK))));
	return rows;
}

function counted(db: Kysely<Database>, scope: ReportQueryScope) {
	let query = db
		.selectFrom('inspections')
		.where('inspections.kind', '=', 'official')
		.where('inspections.status', 'in', [...scope.statuses]);
	query =
		scope.unitCode === null
			? query.where('inspections.province_code', '=', scope.provinceCode)
			: query.where('inspections.unit_code', '=', scope.unitCode);
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

async function scoredInspections(
	db: Kysely<Database>,
	shelf: TemplateShelf,
	rows: { id: string; unit_code: number; started_at: string; template_id: string; template_version: string; data: string }[]
): Promise<ReportInspection[]> {
	const ids = rows.map((r) => r.id);
	const answers = await inChunks(ids, (chunk) => db.selectFrom('answers').selectAll().where('inspection_id', 'in', chunk).execute());
	const officers = await inChunks(ids, (chunk) =>
		db.selectFrom('officers').select(['id', 'name', 'inspection_id', 'sort_order']).where('inspection_id', 'in', chunk).execute()
	);
	const answersOf = groupBy(answers, (a) => a.inspection_id);
	const officersOf = groupBy(officers, (o) => o.inspection_id);
	const result: ReportInspection[] = [];
	for (const row of rows) {
		const template = await shelf.get(row.template_id, row.template_version);
		let score: number | null = null;
		if (template) {
			const { sectionIds } = JSON.parse(row.data) as Pick<Inspection, 'sectionIds'>;
			const observed = (officersOf.get(row.id) ?? []).sort((a, b) => a.sort_order - b.sort_order);
			score = scoreInspection({ template, sectionIds, officers: observed, answers: (answersOf.get(row.id) ?? []).map(answerOf) }).overall;
		}
		result.push({ id: row.id, unitCode: Number(row.unit_code), startedAt: row.started_at, score });
	}
	return result;
}

async function findingsOf(db: Kysely<Database>, inspections: ReportInspection[]): Promise<ReportFinding[]> {
	const unitOf = new Map(inspections.map((i) => [i.id, i.unitCode]));
	const rows = await inChunks([...unitOf.keys()], (chunk) =>
		db
			.selectFrom('findings')
			.select(['id', 'inspection_id', 'item_id', 'section_id', 'title', 'critical', 'deadline', 'status', 'officer_ids'])
			.where('inspection_id', 'in', chunk)
			.execute()
	);
	const fixed = rows.filter((r) => r.status === 'fixReported' || r.status === 'verified').map((r) => r.id);
	const fixEvents = await inChunks(fixed, (chunk) =>
		db
			.selectFrom('finding_events')
			.select((eb) => ['finding_id', eb.fn.max('at').as('at')])
			.where('finding_id', 'in', chunk)
			.where('kind', '=', 'fixReported')
			.groupBy('finding_id')
			.execute()
	);
	const fixedAt = new Map(fixEvents.map((e) => [e.finding_id, String(e.at)]));
	return rows
		.map((r) => ({
			id: r.id,
			inspectionId: r.inspection_id,
			unitCode: unitOf.get(r.inspection_id)!,
			itemId: r.item_id,
			sectionId: r.section_id,
			title: r.title,
			critical: Number(r.critical) === 1,
			deadline: r.deadline,
			status: r.status as FindingStatus,
			officerIds: JSON.parse(r.officer_ids) as string[],
			fixedOn: fixedAt.has(r.id) ? vietnamDate(fixedAt.get(r.id)) : null
		}))
		.sort((a, b) => a.id.localeCompare(b.id));
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

async function officerVisits(db: Kysely<Database>, inspections: ReportInspection[]): Promise<ReportOfficerVisit[]> {
	const byId = new Map(inspections.map((i) => [i.id, i]));
	const rows = await inChunks([...byId.keys()], (chunk) =>
		db
			.selectFrom('officers')
			.select(['id', 'inspection_id', 'roster_id'])
			.where('inspection_id', 'in', chunk)
			.where('roster_id', 'is not', null)
			.execute()
	);
	return rows.map((r) => {
		const inspection = byId.get(r.inspection_id)!;
		return {
			inspectionId: r.inspection_id,
			officerId: r.id,
			rosterId: r.roster_id!,
			unitCode: inspection.unitCode,
			startedAt: inspection.startedAt
		};
	});
}

/** The counted inspections of a period with their scores, findings, planned visits and observed officers. */
export async function periodData(
	db: Kysely<Database>,
	shelf: TemplateShelf,
	scope: ReportQueryScope,
	range: PeriodRange
): Promise<PeriodData> {
	const rows = await counted(db, scope)
		.select(['id', 'unit_code', 'started_at', 'template_id', 'template_version', 'data'])
		.where('started_at', '>=', range.from)
		.where('started_at', '<', range.to)
		.orderBy('started_at')
		.orderBy('id')
		.execute();
	const inspections = await scoredInspections(db, shelf, rows);
	return {
		inspections,
		findings: await findingsOf(db, inspections),
		planned: scope.withPlans ? await plannedVisits(db, scope, range) : null,
		officerVisits: await officerVisits(db, inspections)
	};
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
		counted(db, scope).select(['id', 'unit_code', 'started_at']).where('started_at', 'in', chunk).execute()
	);
	// Two visits of one unit starting at the same instant: the larger id, as the period's order has it.
	for (const c of candidates.sort((a, b) => a.id.localeCompare(b.id)))
		if (wanted.has(`${Number(c.unit_code)}|${c.started_at}`))
			visits.set(Number(c.unit_code), { inspectionId: c.id, startedAt: c.started_at, itemIds: [] });
	const byInspection = new Map([...visits.values()].map((v) => [v.inspectionId, v]));
	const findings = await inChunks([...byInspection.keys()], (chunk) =>
		db.selectFrom('findings').select(['inspection_id', 'item_id']).where('inspection_id', 'in', chunk).execute()
	);
	for (const f of findings) byInspection.get(f.inspection_id)!.itemIds.push(f.item_id);
	return visits;
}

/** The roster entries of the scope's units, for officers' names. */
export async function rosterEntries(db: Kysely<Database>, scope: ReportQueryScope) {
	let query = withRosterTable(db).selectFrom('roster_officers').select(['id', 'name', 'position', 'unit_code']);
	query = scope.unitCode === null ? query.where('province_code', '=', scope.provinceCode) : query.where('unit_code', '=', scope.unitCode);
	const rows = await query.execute();
	return rows.map((r) => ({ id: r.id, name: r.name, position: r.position, unitCode: Number(r.unit_code) }));
}
