/**
 * Who may read which bytes (docs/sync-protocol.md, "Blobs"). Bytes are served by hash, so a hash
 * alone must not open a photo: a blob is readable by
 *
 * - whoever uploaded it (the device uploads before it pushes the mutation that names the hash,
 *   and checks with HEAD whether its own upload arrived), and
 * - whoever may see a record that references it — a photo, a drawn signature, a fix photo of a
 *   finding — by the rules pull uses (`mayReceive` in sync/visibility.ts): the author and the
 *   inspectors assigned, supervisors and admins of the province, the ward of the unit once the
 *   record is published to it.
 *
 * Everyone else is answered as if the bytes did not exist.
 */
import type { Kysely } from 'kysely';
import type { InspectionStatus } from '$lib/domain/inspection';
import { canSeeInspection } from '$lib/domain/permissions';
import type { Database } from '../db/schema';
import type { Actor } from '../sync/actor';
import { mayReceive } from '../sync/visibility';
import { recordsReferencing } from './references';

/**
 * Records that `userId` sent these bytes (a repeated upload changes nothing), with their size and
 * the record the device said they are for: the quotas count both (quotas.ts).
 */
export async function recordUpload(
	db: Kysely<Database>,
	sha256: string,
	userId: string,
	{
		size = null,
		inspectionId = null,
		now = new Date().toISOString()
	}: { size?: number | null; inspectionId?: string | null; now?: string } = {}
): Promise<void> {
	await db
		.insertInto('blob_uploads')
		.values({ sha256, user_id: userId, uploaded_at: now, size, inspection_id: inspectionId })
		.onConflict((oc) => oc.columns(['sha256', 'user_id']).doNothing())
		.execute();
}

/** Whether `userId` has sent these bytes before. */
export async function uploadedBy(db: Kysely<Database>, sha256: string, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('blob_uploads')
		.select('sha256')
		.where('sha256', '=', sha256)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row !== undefined;
}

/**
 * The record an upload is counted against: the one the device named (`X-Inspection-Id`), unless
 * the server holds it and the uploader may not see it — then none. A record quota's refusal would
 * otherwise tell a ward that a record of that id exists, and let anyone fill the quota of a record
 * they cannot see (docs/secrecy.md). A record not on the server yet is counted: the device uploads
 * its photos before it pushes the record.
 */
export async function countedRecord(db: Kysely<Database>, actor: Actor, inspectionId: string | null): Promise<string | null> {
	if (inspectionId === null) return null;
	const row = await db
		.selectFrom('inspections')
		.select(['owner_user_id', 'status', 'unit_code', 'province_code'])
		.where('id', '=', inspectionId)
		.executeTakeFirst();
	if (!row) return inspectionId;
	const assigned = await db
		.selectFrom('inspection_assignments')
		.select('user_id')
		.where('inspection_id', '=', inspectionId)
		.where('user_id', '=', actor.userId)
		.execute();
	const facts = {
		createdBy: row.owner_user_id,
		status: row.status as InspectionStatus,
		unitCode: row.unit_code,
		provinceCode: row.province_code,
		assignedInspectorIds: assigned.map((a) => a.user_id)
	};
	return canSeeInspection(actor, facts) ? inspectionId : null;
}

/** Records referencing a hash that one check looks at; a photo is in a handful at most. */
const MAX_RECORDS = 50;

/** May `actor` read the bytes under `sha256`? */
export async function maySeeBlob(db: Kysely<Database>, actor: Actor, sha256: string): Promise<boolean> {
	if (await uploadedBy(db, sha256, actor.userId)) return true;

	const records = await db
		.selectFrom('inspections')
		.select(['id', 'owner_user_id', 'status', 'unit_code', 'province_code', 'published_version', 'kind'])
		.where('id', 'in', recordsReferencing(db, sha256))
		.limit(MAX_RECORDS)
		.execute();
	if (records.length === 0) return false;

	const assigned = new Set(
		actor.role === 'inspector'
			? (
					await db
						.selectFrom('inspection_assignments')
						.select('inspection_id')
						.where('user_id', '=', actor.userId)
						.where(
							'inspection_id',
							'in',
							records.map((r) => r.id)
						)
						.execute()
				).map((r) => r.inspection_id)
			: []
	);
	// Read as a photo row of the record's published snapshot: wards only once published.
	return records.some((r) =>
		mayReceive(
			actor,
			{ ...r, inspection_id: r.id, entity: 'photo', version: r.published_version === null ? 0 : Number(r.published_version) },
			assigned.has(r.id)
		)
	);
}
