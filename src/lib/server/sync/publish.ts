/**
 * Publishing a record to its ward: the moment a ward may start to read it (approval).
 *
 * Wards never receive a record's history, only what was published (see visibility.ts). So
 * publishing writes a fresh snapshot of the record — the inspection and every part a ward may
 * read — as new change rows, and stores the first snapshot version in
 * `inspections.published_version`. Wards pull from there on: a ward device that pulled long ago
 * (its cursor past the record's old rows) and a new one pulling from 0 both receive exactly the
 * snapshot and whatever changes after it (remediation, verification).
 *
 * Call it inside the write transaction that makes the record ward-visible, after the status
 * change: the approve intent (issue 5) does `status = 'approved'` then `publishToWard`.
 * The snapshot holds the entities the protocol registry marks `wards: 'snapshot'`
 * (`wardSnapshotEntities`); finding drafts, the inspector's working notes, are not among them.
 */
import type { Database } from '../db/schema';
import type { Kysely } from 'kysely';
import { scopeOf } from './handlers/context';
import { documentOf } from './handlers/inspections';
import { answerOf, findingOf, officerOf, photoOf, signatureOf } from './row-converters';
import type { WriteScope } from './write-transaction';

/**
 * Writes the snapshot and marks the record published from its first version on. Returns that
 * version. Publishing again (a later re-approval) writes a new snapshot and moves the floor up.
 */
export async function publishToWard(
	{ trx, log, now }: { trx: Kysely<Database> } & Pick<WriteScope, 'log' | 'now'>,
	inspectionId: string
): Promise<number> {
	const row = await trx.selectFrom('inspections').selectAll().where('id', '=', inspectionId).executeTakeFirstOrThrow();
	const scope = scopeOf(row);
	// One after another: a transaction is one connection.
	const id = inspectionId;
	const officers = await trx.selectFrom('officers').selectAll().where('inspection_id', '=', id).orderBy('sort_order').execute();
	const answers = await trx.selectFrom('answers').selectAll().where('inspection_id', '=', id).execute();
	const photos = await trx.selectFrom('photos').selectAll().where('inspection_id', '=', id).execute();
	const signatures = await trx.selectFrom('signatures').selectAll().where('inspection_id', '=', id).execute();
	const findings = await trx.selectFrom('findings').selectAll().where('inspection_id', '=', id).execute();

	const first = log.upsert(scope, 'inspection', documentOf(row));
	await trx
		.updateTable('inspections')
		.set({ published_version: first, version: first, updated_at: now })
		.where('id', '=', row.id)
		.execute();
	for (const o of officers) log.upsert(scope, 'officer', officerOf(o));
	for (const a of answers) log.upsert(scope, 'answer', answerOf(a));
	for (const p of photos) log.upsert(scope, 'photo', photoOf(p));
	for (const s of signatures) log.upsert(scope, 'signature', signatureOf(s));
	for (const f of findings) log.upsert(scope, 'finding', findingOf(f));
	return first;
}
