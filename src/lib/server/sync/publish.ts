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
import type { EntityRow } from '$lib/domain/protocol';
import type { AnswersTable, Database, FindingsTable, OfficersTable, PhotosTable, SignaturesTable } from '../db/schema';
import type { Kysely, Selectable } from 'kysely';
import { scopeOf } from './handlers/context';
import { documentOf } from './handlers/inspections';
import type { WriteScope } from './write-transaction';

export const answerOf = (r: Selectable<AnswersTable>): EntityRow<'answer'> => ({
	inspectionId: r.inspection_id,
	itemId: r.item_id,
	officerId: r.officer_id,
	value: r.value === null ? null : (JSON.parse(r.value) as EntityRow<'answer'>['value']),
	note: r.note,
	answeredAt: r.answered_at
});

export const photoOf = (r: Selectable<PhotosTable>): EntityRow<'photo'> => ({
	id: r.id,
	inspectionId: r.inspection_id,
	itemId: r.item_id,
	officerId: r.officer_id,
	sha256: r.sha256,
	mime: r.mime as EntityRow<'photo'>['mime'],
	size: r.size,
	width: r.width,
	height: r.height,
	caption: r.caption,
	takenAt: r.taken_at
});

export function signatureOf(r: Selectable<SignaturesTable>): EntityRow<'signature'> {
	const common = {
		inspectionId: r.inspection_id,
		role: r.role as EntityRow<'signature'>['role'],
		signerName: r.signer_name,
		signerPosition: r.signer_position,
		signedAt: r.signed_at,
		...(r.content_fingerprint ? { contentFingerprint: r.content_fingerprint } : {})
	};
	if (r.refused)
		return {
			...common,
			refused: true,
			refusalReason: r.refusal_reason ?? '',
			...(r.witness_name ? { witnessName: r.witness_name, witnessPosition: r.witness_position ?? '' } : {})
		};
	return { ...common, refused: false, sha256: r.sha256 ?? '', mime: 'image/png', size: r.size ?? 0 };
}

export const officerOf = (o: Selectable<OfficersTable>): EntityRow<'officer'> => ({
	id: o.id,
	inspectionId: o.inspection_id,
	name: o.name,
	position: o.position,
	desk: o.desk,
	order: o.sort_order
});

/** A finding as pulled, with its current remediation status (006). */
export const findingOf = (r: Selectable<FindingsTable>): EntityRow<'finding'> & Required<Pick<EntityRow<'finding'>, 'status'>> => ({
	id: r.id,
	inspectionId: r.inspection_id,
	itemId: r.item_id,
	sectionId: r.section_id,
	title: r.title,
	detail: r.detail,
	officerIds: JSON.parse(r.officer_ids) as string[],
	critical: r.critical === 1,
	legal: JSON.parse(r.legal) as EntityRow<'finding'>['legal'],
	recommendation: r.recommendation,
	deadline: r.deadline,
	status: r.status as NonNullable<EntityRow<'finding'>['status']>
});

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
