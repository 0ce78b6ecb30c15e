/**
 * Open findings per commune (migration 025; docs/reports.md "Open findings per commune"): for
 * each commune, how many findings of its reported official records still wait for a fix (open
 * or reopened) and the earliest of their deadlines. The national roll-up (compliance.ts) reads
 * these rows instead of joining every finding of the country with its record on each call.
 *
 * `refreshOpenFindings` recounts a few communes from the source rows; summarizeRecords calls it
 * for the communes of the records it rewrites, so every handler that changes a record's status
 * or a finding (submit, return, approve, every finding event) keeps the row current in its own
 * transaction. `recountOpenFindings` rebuilds every row: migration 025 runs it once, and it is
 * the repair after a bulk load that bypassed the handlers (the benchmark's national data).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { OPEN_STATUSES, REPORTED_STATUSES } from './compliance';

/** Counted per commune from the source rows; all communes when `unitCodes` is null. */
function countOpenFindings(db: Kysely<Database>, unitCodes: readonly number[] | null) {
	let query = db
		.selectFrom('findings as f')
		.innerJoin('inspections as i', 'i.id', 'f.inspection_id')
		.select((eb) => [
			'i.unit_code',
			eb.fn.max('i.province_code').as('province_code'),
			eb.fn.countAll<number>().as('open_findings'),
			eb.fn.min('f.deadline').as('oldest_deadline')
		])
		.where('f.status', 'in', [...OPEN_STATUSES])
		.where('i.status', 'in', [...REPORTED_STATUSES])
		// Self-inspections (tự kiểm tra) never count (docs/self-inspection.md).
		.where('i.kind', '=', 'official');
	if (unitCodes) query = query.where('i.unit_code', 'in', [...unitCodes]);
	return query.groupBy('i.unit_code').execute();
}

type Row = Awaited<ReturnType<typeof countOpenFindings>>[number];
const rowOf = (r: Row) => ({
	unit_code: Number(r.unit_code),
	province_code: Number(r.province_code),
	open_findings: Number(r.open_findings),
	oldest_deadline: String(r.oldest_deadline)
});

/** Recounts these communes; a commune with nothing open has no row. Call it inside the transaction that changed them. */
export async function refreshOpenFindings(db: Kysely<Database>, unitCodes: readonly number[]): Promise<void> {
	if (unitCodes.length === 0) return;
	const rows = (await countOpenFindings(db, unitCodes)).map(rowOf);
	const kept = new Set(rows.map((r) => r.unit_code));
	const gone = unitCodes.filter((code) => !kept.has(code));
	if (gone.length > 0) await db.deleteFrom('unit_open_findings').where('unit_code', 'in', gone).execute();
	// An upsert: two backfills of the same commune outside a transaction both succeed.
	for (const row of rows)
		await db
			.insertInto('unit_open_findings')
			.values(row)
			.onConflict((oc) =>
				oc.column('unit_code').doUpdateSet({
					province_code: row.province_code,
					open_findings: row.open_findings,
					oldest_deadline: row.oldest_deadline
				})
			)
			.execute();
}

/** Throws every row away and counts every commune again from the source rows. */
export async function recountOpenFindings(db: Kysely<Database>): Promise<number> {
	const rows = (await countOpenFindings(db, null)).map(rowOf);
	await db.deleteFrom('unit_open_findings').execute();
	for (let i = 0; i < rows.length; i += 200)
		await db
			.insertInto('unit_open_findings')
			.values(rows.slice(i, i + 200))
			.execute();
	return rows.length;
}
