/**
 * The rows of an export, read a batch of inspections at a time in one stable order, so a file
 * of any size streams with steady memory and the JSON API can resume from a cursor.
 *
 * Order: inspections by (started_at, id) — a keyset walk of the (province_code, started_at, id)
 * index of migration 005, or (started_at) nationally — and within one inspection its rows by a
 * key this module defines (`Position.key`): item code (A1 < A2 < A10), then officer, finding,
 * event time. Child rows are read for the whole batch by inspection id (answers by primary key,
 * findings by `findings_inspection`, events by `finding_events_finding`) and sorted here, in
 * JavaScript, so the order does not depend on either database's collation.
 *
 * Shape, for speed: a national year of answers is ~5 million rows, so rows are not objects keyed
 * by column. Each inspection comes as one `RecordRows`: the record's columns once (every dataset
 * starts with them, so the writers encode them once per record) and each row's own cells as an
 * array in column order. Answers are read as one JSON array per inspection, built by the
 * database (`json_group_array` / `json_agg`): one row per record instead of ~120 crosses the
 * driver, which was half the time of reading them row by row (docs/exports.md, "Speed").
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { AnswerValue } from '$lib/domain/inspection';
import type { ExportCell, ExportDataset, RecordDataset } from '$lib/domain/exports';
import type { Database } from '../db/schema';
import { recordFigures, type RecordFigures } from '../reports/record-scores';
import { unitNames, type UnitNames } from '../reports/unit-names';
import type { ExportScope } from './export-scope';

/** Where a row sits in the export's order; the JSON API's cursor is the last row's position. */
export interface Position {
	startedAt: string;
	inspectionId: string;
	/** The row's key within its inspection; absent for the inspections dataset (one row each). */
	key?: string;
}

/** One row's own cells (the columns after the record's), with its key within the record. */
export interface KeyedCells {
	key?: string;
	cells: ExportCell[];
}

/** One inspection's rows: the record's columns, shared by all of them, then each row's own. */
export interface RecordRows {
	startedAt: string;
	inspectionId: string;
	/** The values of `recordColumns` (domain/exports.ts), the first columns of every dataset. */
	record: ExportCell[];
	/** In the export's order. */
	rows: KeyedCells[];
}

/** Inspections read per batch: their child rows (≤ ~150 answers each) are read in one query per table. */
const BATCH = 200;

interface InspectionBatchRow {
	id: string;
	started_at: string;
	ended_at: string | null;
	submitted_at: string | null;
	status: string;
	unit_code: number;
	province_code: number;
	template_id: string;
	template_version: string;
	record_number: number | null;
	record_year: number | null;
	/** The record's document; read for the inspections dataset only. */
	data?: string;
	owner_name: string | null;
}

/** The next batch of inspections after `after` (or from it, when its child rows continue). */
function inspectionBatch(db: Kysely<Database>, dataset: ExportDataset, scope: ExportScope, after: Position | null, inclusive: boolean) {
	let query = db
		.selectFrom('inspections as i')
		.leftJoin('users as u', 'u.id', 'i.owner_user_id')
		.select([
			'i.id',
			'i.started_at',
			'i.ended_at',
			'i.submitted_at',
			'i.status',
			'i.unit_code',
			'i.province_code',
			'i.template_id',
			'i.template_version',
			'i.record_number',
			'i.record_year',
			'u.display_name as owner_name'
		])
		.$if(dataset === 'inspections', (q) => q.select('i.data'))
		.where('i.kind', '=', 'official')
		.where('i.status', 'in', scope.statuses);
	if (scope.provinceCode !== null) query = query.where('i.province_code', '=', scope.provinceCode);
	if (scope.unitCode !== null) query = query.where('i.unit_code', '=', scope.unitCode);
	if (scope.startedFrom) query = query.where('i.started_at', '>=', scope.startedFrom);
	if (scope.startedBefore) query = query.where('i.started_at', '<', scope.startedBefore);
	if (after)
		// The plain range first, so both databases walk the index from the cursor instead of
		// scanning and sorting the whole scope for every batch; the OR then settles the ties.
		query = query
			.where('i.started_at', '>=', after.startedAt)
			.where((eb) =>
				eb.or([
					eb('i.started_at', '>', after.startedAt),
					eb.and([eb('i.started_at', '=', after.startedAt), eb('i.id', inclusive ? '>=' : '>', after.inspectionId)])
				])
			);
	return query.orderBy('i.started_at').orderBy('i.id').limit(BATCH).execute() as Promise<InspectionBatchRow[]>;
}

/** "A7" → "A07", so item codes sort as the template numbers them. */
const itemKey = (itemId: string) => itemId.slice(0, 1) + itemId.slice(1).padStart(3, '0');

interface DocFacts {
	inspectionType: string | null;
	basis: string;
	teamLead: string | null;
}

function docFacts(data: string | undefined): DocFacts {
	try {
		const doc = JSON.parse(data ?? '') as { inspectionType?: string; basis?: string; team?: { name: string; role: string }[] };
		return {
			inspectionType: doc.inspectionType ?? null,
			basis: doc.basis ?? '',
			teamLead: doc.team?.find((m) => m.role === 'truong_doan')?.name ?? doc.team?.[0]?.name ?? null
		};
	} catch {
		return { inspectionType: null, basis: '', teamLead: null };
	}
}

const recordCells = (i: InspectionBatchRow, names: UnitNames): ExportCell[] => [
	i.id,
	i.province_code,
	names.province(i.province_code),
	i.unit_code,
	names.commune(i.unit_code),
	i.started_at
];

/**
 * An answer's value spread over typed columns (kind, result, numerator, denominator, value) from
 * `cells[at]` on, so a spreadsheet can sum and filter them. Written in place: this runs for every
 * one of millions of answers.
 */
function putAnswerCells(cells: ExportCell[], at: number, value: AnswerValue | null): void {
	if (!value) return;
	switch (value.kind) {
		case 'pass':
			cells[at] = 'pass';
			cells[at + 1] = value.result;
			return;
		case 'na':
			cells[at] = 'na';
			cells[at + 1] = value.reason;
			cells[at + 4] = value.text ?? null;
			return;
		case 'count':
			cells[at] = 'count';
			cells[at + 2] = value.numerator;
			cells[at + 3] = value.denominator;
			return;
		case 'sample':
			cells[at] = 'sample';
			cells[at + 2] = value.passed;
			cells[at + 3] = value.size;
			return;
		case 'number':
		case 'text':
		case 'choice':
			cells[at] = value.kind;
			cells[at + 4] = value.value;
			return;
	}
}

const parseJson = <T>(text: string | null, fallback: T): T => {
	if (text === null) return fallback;
	try {
		return JSON.parse(text) as T;
	} catch {
		return fallback;
	}
};

const isPostgres = (db: Kysely<Database>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** Rounds a share (0–1) for the file: four decimals are a hundredth of a percent. */
const rounded = (n: number | null, places: number) => (n === null ? null : Math.round(n * 10 ** places) / 10 ** places);

/**
 * Score and share checked of each record. A submitted or approved record's answers cannot change,
 * so its summary (migration 024, written at submission and review) is read; a draft's, a returned
 * record's or one without a summary is computed now from its answers, as the work lists do.
 */
async function scoresOf(db: Kysely<Database>, batch: InspectionBatchRow[]): Promise<Map<string, RecordFigures>> {
	const settled = batch.filter((i) => i.status === 'submitted' || i.status === 'approved').map((i) => i.id);
	const stored =
		settled.length === 0
			? []
			: await db
					.selectFrom('record_summaries')
					.select(['inspection_id', 'score', 'coverage'])
					.where('inspection_id', 'in', settled)
					.execute();
	const figures = new Map<string, RecordFigures>(stored.map((s) => [s.inspection_id, { score: s.score, coverage: s.coverage }]));
	const live = batch.filter((i) => !figures.has(i.id)).map((i) => i.id);
	for (const [id, f] of await scoredNow(db, live)) figures.set(id, f);
	return figures;
}

/**
 * recordFigures for these records; when a stored answer cannot be read (a value that is not
 * JSON), that record alone gets no score instead of the export failing.
 */
async function scoredNow(db: Kysely<Database>, ids: string[]): Promise<Map<string, RecordFigures>> {
	try {
		return await recordFigures(db, ids);
	} catch {
		const figures = new Map<string, RecordFigures>();
		for (const id of ids) figures.set(id, (await recordFigures(db, [id]).catch(() => null))?.get(id) ?? { score: null, coverage: null });
		return figures;
	}
}

/** Each inspection's rows, unsorted, by inspection id. */
type Rows = (db: Kysely<Database>, batch: InspectionBatchRow[]) => Promise<Map<string, KeyedCells[]>>;

function grouped<T>(items: T[], inspectionOf: (item: T) => string, row: (item: T) => KeyedCells): Map<string, KeyedCells[]> {
	const groups = new Map<string, KeyedCells[]>();
	for (const item of items) {
		const id = inspectionOf(item);
		const group = groups.get(id);
		if (group) group.push(row(item));
		else groups.set(id, [row(item)]);
	}
	return groups;
}

/** [item_id, officer_id, value (parsed on SQLite, text on PostgreSQL), note, answered_at] */
type AnswerTuple = [string, string, AnswerValue | string | null, string, string];

/** Every answer of these inspections as one JSON array per inspection, built by the database. */
async function answerArrays(db: Kysely<Database>, ids: string[]): Promise<{ inspection_id: string; answers: AnswerTuple[] }[]> {
	const list = sql.join(ids);
	if (isPostgres(db)) {
		// pg parses the json column itself. `value::json` would fail the whole export on one bad
		// value, so the value travels as text and is parsed below, guarded.
		const result = await sql<{ inspection_id: string; answers: AnswerTuple[] }>`
			select inspection_id, json_agg(json_build_array(item_id, officer_id, value, note, answered_at)) as answers
			from answers where inspection_id in (${list}) group by inspection_id`.execute(db);
		return result.rows;
	}
	// json(value) embeds the stored JSON as JSON, so one JSON.parse per record parses the values
	// too; a value that is not valid JSON becomes null, as parseJson would make it.
	const result = await sql<{ inspection_id: string; answers: string }>`
		select inspection_id,
			json_group_array(json_array(item_id, officer_id, iif(json_valid(value), json(value), null), note, answered_at)) as answers
		from answers where inspection_id in (${list}) group by inspection_id`.execute(db);
	return result.rows.map((r) => ({ inspection_id: r.inspection_id, answers: JSON.parse(r.answers) as AnswerTuple[] }));
}

const readers: Record<RecordDataset, Rows> = {
	async inspections(db, batch) {
		const ids = batch.map((i) => i.id);
		const [counts, scores] = await Promise.all([
			db
				.selectFrom('findings')
				.select((eb) => [
					'inspection_id',
					eb.fn.countAll<number>().as('n'),
					eb.fn.sum<number>(eb.case().when('critical', '=', 1).then(1).else(0).end()).as('critical')
				])
				.where('inspection_id', 'in', ids)
				.groupBy('inspection_id')
				.execute(),
			scoresOf(db, batch)
		]);
		const countOf = new Map(counts.map((c) => [c.inspection_id, c]));
		return grouped(
			batch,
			(i) => i.id,
			(i) => {
				const facts = docFacts(i.data);
				const count = countOf.get(i.id);
				const figures = scores.get(i.id);
				return {
					cells: [
						i.ended_at,
						i.submitted_at,
						i.status,
						i.record_number === null ? null : `${i.record_number}/${i.record_year}`,
						facts.inspectionType,
						facts.basis,
						facts.teamLead,
						i.owner_name,
						i.template_id,
						i.template_version,
						rounded(figures?.score ?? null, 4),
						rounded(figures?.coverage ?? null, 4),
						Number(count?.n ?? 0),
						Number(count?.critical ?? 0)
					]
				};
			}
		);
	},

	async answers(db, batch) {
		const ids = batch.map((i) => i.id);
		const [answers, officers] = [
			await answerArrays(db, ids),
			await db.selectFrom('officers').select(['id', 'name']).where('inspection_id', 'in', ids).execute()
		];
		const officerName = new Map(officers.map((o) => [o.id, o.name]));
		const rows = new Map<string, KeyedCells[]>();
		for (const { inspection_id, answers: tuples } of answers)
			rows.set(
				inspection_id,
				tuples.map(([itemId, officerId, value, note, answeredAt]) => {
					const cells: ExportCell[] = [
						itemId,
						officerId || null,
						officerName.get(officerId) ?? null,
						null,
						null,
						null,
						null,
						null,
						note,
						answeredAt
					];
					putAnswerCells(cells, 3, typeof value === 'string' ? parseJson<AnswerValue | null>(value, null) : value);
					return { key: `${itemKey(itemId)}|${officerId}`, cells };
				})
			);
		return rows;
	},

	async findings(db, batch) {
		const findings = await db
			.selectFrom('findings')
			.selectAll()
			.where(
				'inspection_id',
				'in',
				batch.map((i) => i.id)
			)
			.execute();
		// Only records with findings need a score (drafts, scored from their answers, have none).
		const withFindings = new Set(findings.map((f) => f.inspection_id));
		const scores = await scoresOf(
			db,
			batch.filter((i) => withFindings.has(i.id))
		);
		return grouped(
			findings,
			(f) => f.inspection_id,
			(f) => {
				const legal = parseJson<{ document: string; article?: string; clause?: string }[]>(f.legal, []);
				return {
					key: `${itemKey(f.item_id)}|${f.id}`,
					cells: [
						f.id,
						f.section_id,
						f.item_id,
						f.title,
						f.detail,
						Number(f.critical) === 1,
						legal.map((l) => [l.clause, l.article, l.document].filter(Boolean).join(' ')).join('; '),
						f.recommendation,
						f.deadline,
						f.status,
						rounded(scores.get(f.inspection_id)?.score ?? null, 4)
					]
				};
			}
		);
	},

	async remediations(db, batch) {
		const findings = await db
			.selectFrom('findings')
			.select(['id', 'inspection_id', 'item_id'])
			.where(
				'inspection_id',
				'in',
				batch.map((i) => i.id)
			)
			.execute();
		if (findings.length === 0) return new Map();
		const events = await db
			.selectFrom('finding_events')
			.select(['id', 'finding_id', 'kind', 'at', 'data'])
			.where(
				'finding_id',
				'in',
				findings.map((f) => f.id)
			)
			.execute();
		const findingOf = new Map(findings.map((f) => [f.id, f]));
		return grouped(
			events,
			(e) => findingOf.get(e.finding_id)!.inspection_id,
			(e) => {
				const f = findingOf.get(e.finding_id)!;
				const data = parseJson<{
					status?: string;
					actorName?: string;
					text?: string;
					comment?: string;
					reason?: string;
					deadline?: string;
				}>(e.data, {});
				return {
					key: `${itemKey(f.item_id)}|${f.id}|${e.at}|${e.id}`,
					cells: [
						e.id,
						f.id,
						e.kind,
						e.at,
						data.actorName ?? null,
						data.status ?? null,
						[data.text, data.comment, data.reason].filter(Boolean).join(' — ') || null,
						data.deadline ?? null
					]
				};
			}
		);
	}
};

const byKey = (a: KeyedCells, b: KeyedCells) => {
	const [ka, kb] = [a.key ?? '', b.key ?? ''];
	return ka < kb ? -1 : ka > kb ? 1 : 0;
};

interface Batch {
	batch: InspectionBatchRow[];
	rowsOf: Map<string, KeyedCells[]>;
}

async function readBatch(
	db: Kysely<Database>,
	dataset: RecordDataset,
	scope: ExportScope,
	after: Position | null,
	inclusive: boolean
): Promise<Batch> {
	const batch = await inspectionBatch(db, dataset, scope, after, inclusive);
	return { batch, rowsOf: batch.length === 0 ? new Map<string, KeyedCells[]>() : await readers[dataset](db, batch) };
}

/**
 * Every row of `dataset` in `scope` after `cursor` (from the start without one), a batch at a
 * time. Each yielded array is one batch of inspections, in order, those without rows left out.
 *
 * The next batch is read while the caller writes this one (at most one batch ahead): on
 * PostgreSQL the database then works while this process encodes, instead of each waiting for
 * the other.
 */
export async function* exportRows(
	db: Kysely<Database>,
	dataset: RecordDataset,
	scope: ExportScope,
	cursor: Position | null = null
): AsyncGenerator<RecordRows[]> {
	const names = await unitNames();
	if (scope.statuses.length === 0) return;
	// The cursor's own inspection is read again when its child rows may continue after the cursor.
	let inclusive = cursor?.key !== undefined;
	let next: Promise<Batch> | null = readBatch(db, dataset, scope, cursor, inclusive);
	while (next) {
		const { batch, rowsOf }: Batch = await next;
		if (batch.length === 0) return;
		const last = batch[batch.length - 1]!;
		next = batch.length < BATCH ? null : readBatch(db, dataset, scope, { startedAt: last.started_at, inspectionId: last.id }, false);
		// A caller that stops early never awaits the read ahead; its failure must not go unhandled.
		next?.catch(() => {});
		const records: RecordRows[] = [];
		for (const i of batch) {
			let rows = rowsOf.get(i.id);
			if (!rows) continue;
			rows.sort(byKey);
			if (inclusive && cursor && i.id === cursor.inspectionId) rows = rows.filter((r) => (r.key ?? '') > cursor.key!);
			records.push({ startedAt: i.started_at, inspectionId: i.id, record: recordCells(i, names), rows });
		}
		inclusive = false;
		yield records;
		// On SQLite every read above completes synchronously, so without this a whole export
		// would run as one chain of microtasks and no other request would be served until it ends.
		await new Promise((resolve) => setImmediate(resolve));
	}
}
