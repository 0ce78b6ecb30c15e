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
 */
import type { Kysely } from 'kysely';
import type { AnswerValue } from '$lib/domain/inspection';
import type { ExportDataset, ExportRow } from '$lib/domain/exports';
import type { Database } from '../db/schema';
import { unitNames, type UnitNames } from '../reports/unit-names';
import type { ExportScope } from './export-scope';

/** Where a row sits in the export's order; the JSON API's cursor is the last row's position. */
export interface Position {
	startedAt: string;
	inspectionId: string;
	/** The row's key within its inspection; absent for the inspections dataset (one row each). */
	key?: string;
}

export interface PositionedRow {
	row: ExportRow;
	position: Position;
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
	data: string;
	owner_name: string | null;
}

/** The next batch of inspections after `after` (or from it, when its child rows continue). */
function inspectionBatch(db: Kysely<Database>, scope: ExportScope, after: Position | null, inclusive: boolean) {
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
			'i.data',
			'u.display_name as owner_name'
		])
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

function docFacts(data: string): DocFacts {
	try {
		const doc = JSON.parse(data) as { inspectionType?: string; basis?: string; team?: { name: string; role: string }[] };
		return {
			inspectionType: doc.inspectionType ?? null,
			basis: doc.basis ?? '',
			teamLead: doc.team?.find((m) => m.role === 'truong_doan')?.name ?? doc.team?.[0]?.name ?? null
		};
	} catch {
		return { inspectionType: null, basis: '', teamLead: null };
	}
}

function recordColumns(i: InspectionBatchRow, names: UnitNames): ExportRow {
	return {
		inspectionId: i.id,
		provinceCode: i.province_code,
		provinceName: names.province(i.province_code),
		unitCode: i.unit_code,
		unitName: names.commune(i.unit_code),
		startedAt: i.started_at
	};
}

/** An answer's value spread over typed columns, so a spreadsheet can sum and filter them. */
function answerCells(value: AnswerValue | null): ExportRow {
	const cells: ExportRow = { answerKind: value?.kind ?? null, result: null, numerator: null, denominator: null, value: null };
	if (!value) return cells;
	switch (value.kind) {
		case 'pass':
			return { ...cells, result: value.result };
		case 'na':
			return { ...cells, result: value.reason, value: value.text ?? null };
		case 'count':
			return { ...cells, numerator: value.numerator, denominator: value.denominator };
		case 'sample':
			return { ...cells, numerator: value.passed, denominator: value.size };
		case 'number':
			return { ...cells, value: value.value };
		case 'text':
		case 'choice':
			return { ...cells, value: value.value };
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

type Rows = (db: Kysely<Database>, batch: InspectionBatchRow[], names: UnitNames) => Promise<PositionedRow[]>;

const byInspection = (batch: InspectionBatchRow[]) => new Map(batch.map((i) => [i.id, i]));

const readers: Record<ExportDataset, Rows> = {
	async inspections(db, batch, names) {
		const counts = await db
			.selectFrom('findings')
			.select((eb) => [
				'inspection_id',
				eb.fn.countAll<number>().as('n'),
				eb.fn.sum<number>(eb.case().when('critical', '=', 1).then(1).else(0).end()).as('critical')
			])
			.where(
				'inspection_id',
				'in',
				batch.map((i) => i.id)
			)
			.groupBy('inspection_id')
			.execute();
		const countOf = new Map(counts.map((c) => [c.inspection_id, c]));
		return batch.map((i) => {
			const facts = docFacts(i.data);
			const count = countOf.get(i.id);
			return {
				position: { startedAt: i.started_at, inspectionId: i.id },
				row: {
					...recordColumns(i, names),
					endedAt: i.ended_at,
					submittedAt: i.submitted_at,
					status: i.status,
					recordNumber: i.record_number === null ? null : `${i.record_number}/${i.record_year}`,
					inspectionType: facts.inspectionType,
					basis: facts.basis,
					teamLead: facts.teamLead,
					inspector: i.owner_name,
					templateId: i.template_id,
					templateVersion: i.template_version,
					findings: Number(count?.n ?? 0),
					criticalFindings: Number(count?.critical ?? 0)
				}
			};
		});
	},

	async answers(db, batch, names) {
		const ids = batch.map((i) => i.id);
		const [answers, officers] = [
			await db
				.selectFrom('answers')
				.select(['inspection_id', 'item_id', 'officer_id', 'value', 'note', 'answered_at'])
				.where('inspection_id', 'in', ids)
				.execute(),
			await db.selectFrom('officers').select(['id', 'name']).where('inspection_id', 'in', ids).execute()
		];
		const officerName = new Map(officers.map((o) => [o.id, o.name]));
		const inspections = byInspection(batch);
		return answers.map((a) => {
			const i = inspections.get(a.inspection_id)!;
			return {
				position: { startedAt: i.started_at, inspectionId: i.id, key: `${itemKey(a.item_id)}|${a.officer_id}` },
				row: {
					...recordColumns(i, names),
					itemId: a.item_id,
					officerId: a.officer_id || null,
					officerName: officerName.get(a.officer_id) ?? null,
					...answerCells(parseJson<AnswerValue | null>(a.value, null)),
					note: a.note,
					answeredAt: a.answered_at
				}
			};
		});
	},

	async findings(db, batch, names) {
		const findings = await db
			.selectFrom('findings')
			.selectAll()
			.where(
				'inspection_id',
				'in',
				batch.map((i) => i.id)
			)
			.execute();
		const inspections = byInspection(batch);
		return findings.map((f) => {
			const i = inspections.get(f.inspection_id)!;
			const legal = parseJson<{ document: string; article?: string; clause?: string }[]>(f.legal, []);
			return {
				position: { startedAt: i.started_at, inspectionId: i.id, key: `${itemKey(f.item_id)}|${f.id}` },
				row: {
					...recordColumns(i, names),
					findingId: f.id,
					sectionId: f.section_id,
					itemId: f.item_id,
					title: f.title,
					detail: f.detail,
					critical: f.critical === 1,
					legal: legal.map((l) => [l.clause, l.article, l.document].filter(Boolean).join(' ')).join('; '),
					recommendation: f.recommendation,
					deadline: f.deadline,
					findingStatus: f.status
				}
			};
		});
	},

	async remediations(db, batch, names) {
		const findings = await db
			.selectFrom('findings')
			.select(['id', 'inspection_id', 'item_id'])
			.where(
				'inspection_id',
				'in',
				batch.map((i) => i.id)
			)
			.execute();
		if (findings.length === 0) return [];
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
		const inspections = byInspection(batch);
		return events.map((e) => {
			const f = findingOf.get(e.finding_id)!;
			const i = inspections.get(f.inspection_id)!;
			const data = parseJson<{ status?: string; actorName?: string; text?: string; comment?: string; reason?: string; deadline?: string }>(
				e.data,
				{}
			);
			return {
				position: { startedAt: i.started_at, inspectionId: i.id, key: `${itemKey(f.item_id)}|${f.id}|${e.at}|${e.id}` },
				row: {
					...recordColumns(i, names),
					eventId: e.id,
					findingId: f.id,
					kind: e.kind,
					at: e.at,
					actor: data.actorName ?? null,
					findingStatus: data.status ?? null,
					text: [data.text, data.comment, data.reason].filter(Boolean).join(' — ') || null,
					deadline: data.deadline ?? null
				}
			};
		});
	}
};

/** Sorts rows into the export's order: the batch's inspection order, then the row key. */
function inOrder(rows: PositionedRow[], batch: InspectionBatchRow[]): PositionedRow[] {
	const rank = new Map(batch.map((i, n) => [i.id, n]));
	return rows.sort((a, b) => {
		const d = rank.get(a.position.inspectionId)! - rank.get(b.position.inspectionId)!;
		if (d !== 0) return d;
		const [ka, kb] = [a.position.key ?? '', b.position.key ?? ''];
		return ka < kb ? -1 : ka > kb ? 1 : 0;
	});
}

/** True when `p` comes after `cursor` in the export's order. */
function isAfter(p: Position, cursor: Position): boolean {
	if (p.startedAt !== cursor.startedAt) return p.startedAt > cursor.startedAt;
	if (p.inspectionId !== cursor.inspectionId) return p.inspectionId > cursor.inspectionId;
	return cursor.key !== undefined && (p.key ?? '') > cursor.key;
}

/**
 * Every row of `dataset` in `scope` after `cursor` (from the start without one), a batch at a
 * time. Each yielded array is one batch of inspections' rows, possibly empty.
 */
export async function* exportRows(
	db: Kysely<Database>,
	dataset: ExportDataset,
	scope: ExportScope,
	cursor: Position | null = null
): AsyncGenerator<PositionedRow[]> {
	const names = await unitNames();
	if (scope.statuses.length === 0) return;
	let after = cursor;
	// The cursor's own inspection is read again when its child rows may continue after the cursor.
	let inclusive = cursor?.key !== undefined;
	for (;;) {
		const batch = await inspectionBatch(db, scope, after, inclusive);
		if (batch.length === 0) return;
		let rows = inOrder(await readers[dataset](db, batch, names), batch);
		if (inclusive && cursor) rows = rows.filter((r) => isAfter(r.position, cursor));
		yield rows;
		if (batch.length < BATCH) return;
		const last = batch[batch.length - 1]!;
		after = { startedAt: last.started_at, inspectionId: last.id };
		inclusive = false;
	}
}
