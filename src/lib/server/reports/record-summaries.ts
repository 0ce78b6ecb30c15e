/**
 * Per-record summaries (migration 024; docs/reports.md "Summaries"): what the periodic report
 * counts of one inspection, so a report reads one row per record instead of scoring its answers.
 *
 * `summarizeRecords` computes rows from the source tables exactly as the report used to on each
 * request (`scoreInspection` over the pinned template, the last fix reported per finding) and
 * writes them. The sync handlers call it for the record they change, inside their transaction;
 * `ensureSummaries` fills the rows a report's scope lacks (records from before 024, bulk loads);
 * `recountSummaries` rebuilds every row from scratch (the tests' oracle, and a repair).
 */
import type { Kysely } from 'kysely';
import { checkedShare, recordCoverage } from '$lib/domain/completeness';
import { vietnamDate } from '$lib/domain/dates';
import type { FindingStatus } from '$lib/domain/finding-states';
import type { Inspection } from '$lib/domain/inspection';
import type { ReportFinding } from '$lib/domain/report-assembly';
import { scoreInspection } from '$lib/domain/scoring';
import type { Database, RecordSummariesTable } from '../db/schema';
import { answerOf } from '../sync/row-converters';
import { pinnableTemplate } from '../templates';
import { refreshOpenFindings } from './open-findings';

/** A record's findings (without the record's own id and unit) and its officers picked from the roster. */
export interface RecordSummaryDetail {
	findings: Omit<ReportFinding, 'inspectionId' | 'unitCode'>[];
	/** [officers.id, roster id] of each observed officer picked from the roster. */
	officers: [string, string][];
}

/**
 * Parsed `detail` by inspection id, reused while the stored text is the same: a year's report
 * reads thousands of summaries, and parsing their JSON was most of its time. Keyed on the text
 * itself, so a rewritten summary is parsed again and a stale one is never served. Bounded;
 * the oldest entries go first. Callers must not change what it returns.
 */
const parsedDetails = new Map<string, { text: string; detail: Readonly<RecordSummaryDetail> }>();
const PARSED_DETAILS_MAX = 50_000;

export function summaryDetail(inspectionId: string, text: string): Readonly<RecordSummaryDetail> {
	const hit = parsedDetails.get(inspectionId);
	if (hit && hit.text === text) return hit.detail;
	const detail = JSON.parse(text) as RecordSummaryDetail;
	if (parsedDetails.size >= PARSED_DETAILS_MAX) parsedDetails.delete(parsedDetails.keys().next().value!);
	parsedDetails.set(inspectionId, { text, detail });
	return detail;
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

export async function inChunks<T>(ids: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
	const rows: T[] = [];
	for (let i = 0; i < ids.length; i += CHUNK) rows.push(...(await read(ids.slice(i, i + CHUNK))));
	return rows;
}

/** The summary rows of these inspections, computed from their answers, officers, findings and fix events. */
async function computeSummaries(db: Kysely<Database>, ids: string[], now: string): Promise<RecordSummariesTable[]> {
	const records = await db
		.selectFrom('inspections')
		.select(['id', 'unit_code', 'province_code', 'kind', 'status', 'started_at', 'template_id', 'template_version', 'data'])
		.where('id', 'in', ids)
		.execute();
	const answersOf = groupBy(await db.selectFrom('answers').selectAll().where('inspection_id', 'in', ids).execute(), (a) => a.inspection_id);
	const officersOf = groupBy(
		await db
			.selectFrom('officers')
			.select(['id', 'name', 'inspection_id', 'sort_order', 'roster_id'])
			.where('inspection_id', 'in', ids)
			.execute(),
		(o) => o.inspection_id
	);
	const findings = await db
		.selectFrom('findings')
		.select(['id', 'inspection_id', 'item_id', 'section_id', 'title', 'critical', 'deadline', 'status', 'officer_ids'])
		.where('inspection_id', 'in', ids)
		.execute();
	const fixed = findings.filter((r) => r.status === 'fixReported' || r.status === 'verified').map((r) => r.id);
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
	const findingsOf = groupBy(findings, (f) => f.inspection_id);

	const rows: RecordSummariesTable[] = [];
	for (const record of records) {
		const officers = (officersOf.get(record.id) ?? []).sort((a, b) => a.sort_order - b.sort_order);
		const template = await pinnableTemplate(db, record.template_id, record.template_version);
		let score: number | null = null;
		let coverage: number | null = null;
		if (template) {
			const { sectionIds } = JSON.parse(record.data) as Pick<Inspection, 'sectionIds'>;
			const input = { template, sectionIds, officers, answers: (answersOf.get(record.id) ?? []).map(answerOf) };
			score = scoreInspection(input).overall;
			coverage = checkedShare(recordCoverage(input));
		}
		const detail: RecordSummaryDetail = {
			findings: (findingsOf.get(record.id) ?? [])
				.map((r) => ({
					id: r.id,
					itemId: r.item_id,
					sectionId: r.section_id,
					title: r.title,
					critical: Number(r.critical) === 1,
					deadline: r.deadline,
					status: r.status as FindingStatus,
					officerIds: JSON.parse(r.officer_ids) as string[],
					fixedOn: fixedAt.has(r.id) ? vietnamDate(fixedAt.get(r.id)) : null
				}))
				.sort((a, b) => a.id.localeCompare(b.id)),
			officers: officers.flatMap((o) => (o.roster_id ? [[o.id, o.roster_id] as [string, string]] : []))
		};
		rows.push({
			inspection_id: record.id,
			province_code: Number(record.province_code),
			unit_code: Number(record.unit_code),
			kind: record.kind,
			status: record.status,
			started_at: record.started_at,
			started_on: vietnamDate(record.started_at),
			template_id: record.template_id,
			template_version: record.template_version,
			score,
			coverage,
			findings: detail.findings.length,
			critical_findings: detail.findings.filter((f) => f.critical).length,
			detail: JSON.stringify(detail),
			updated_at: now
		});
	}
	return rows;
}

/**
 * Computes and writes (replacing) the summaries of these inspections, and recounts the open
 * findings of their communes (open-findings.ts). Call it inside the transaction that changed
 * them, after the change, so both commit with it.
 */
export async function summarizeRecords(db: Kysely<Database>, ids: readonly string[], now = new Date().toISOString()): Promise<void> {
	for (let i = 0; i < ids.length; i += CHUNK) {
		const chunk = ids.slice(i, i + CHUNK);
		const rows = await computeSummaries(db, chunk, now);
		// 15 columns × 60 rows keeps under SQLite's 999 parameters. An upsert, not delete + insert:
		// two reports backfilling the same records at once (outside any transaction) both succeed.
		for (let j = 0; j < rows.length; j += 60)
			await db
				.insertInto('record_summaries')
				.values(rows.slice(j, j + 60))
				.onConflict((oc) =>
					oc.column('inspection_id').doUpdateSet((eb) => ({
						province_code: eb.ref('excluded.province_code'),
						unit_code: eb.ref('excluded.unit_code'),
						kind: eb.ref('excluded.kind'),
						status: eb.ref('excluded.status'),
						started_at: eb.ref('excluded.started_at'),
						started_on: eb.ref('excluded.started_on'),
						template_id: eb.ref('excluded.template_id'),
						template_version: eb.ref('excluded.template_version'),
						score: eb.ref('excluded.score'),
						coverage: eb.ref('excluded.coverage'),
						findings: eb.ref('excluded.findings'),
						critical_findings: eb.ref('excluded.critical_findings'),
						detail: eb.ref('excluded.detail'),
						updated_at: eb.ref('excluded.updated_at')
					}))
				)
				.execute();
		await refreshOpenFindings(db, [...new Set(rows.map((r) => r.unit_code))]);
	}
}

/**
 * Summarises the scope's inspections that have no summary yet — any status, any date, so the
 * anti-join stays on the (province_code | unit_code, started_at, id) index and a draft is not
 * looked at again on every report. Normally finds nothing: the handlers keep rows current.
 */
export async function ensureSummaries(db: Kysely<Database>, scope: { provinceCode: number; unitCode: number | null }): Promise<number> {
	let query = db
		.selectFrom('inspections as i')
		.select('i.id')
		.where((eb) =>
			eb.not(eb.exists(eb.selectFrom('record_summaries as s').select('s.inspection_id').whereRef('s.inspection_id', '=', 'i.id')))
		);
	query =
		scope.unitCode === null ? query.where('i.province_code', '=', scope.provinceCode) : query.where('i.unit_code', '=', scope.unitCode);
	const missing = (await query.execute()).map((r) => r.id);
	if (missing.length > 0) await summarizeRecords(db, missing);
	return missing.length;
}

/** Throws every summary away and summarises every inspection again from its source rows. */
export async function recountSummaries(db: Kysely<Database>): Promise<void> {
	await db.deleteFrom('record_summaries').execute();
	const ids = (await db.selectFrom('inspections').select('id').orderBy('id').execute()).map((r) => r.id);
	await summarizeRecords(db, ids);
}
