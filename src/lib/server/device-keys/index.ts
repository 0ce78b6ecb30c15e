/**
 * Members' device keys (issue 17, must-show 3): registered while online, read by the trưởng
 * đoàn's phone before the visit, and used by `relayPart` to check a part read by QR code.
 */
import type { Kysely, Transaction } from 'kysely';
import type { RegisterDeviceKey, TeamKeysResponse } from '$lib/domain/protocol/device-keys';
import { keyIdOf, publicJwkSchema, type MemberKey } from '$lib/domain/team-part';
import type { Database } from '../db/schema';
import { Refusal } from '../http';
import type { Actor } from '../sync/actor';

/**
 * Registers `actor`'s key. Idempotent: the same key again answers its first registration; a
 * key registered by another account is refused (409), so nobody can claim a colleague's key.
 */
export async function registerDeviceKey(
	db: Kysely<Database>,
	actor: Actor,
	input: RegisterDeviceKey
): Promise<{ keyId: string; createdAt: string }> {
	if ((await keyIdOf(input.publicJwk)) !== input.keyId)
		throw new Refusal(400, 'key_id_mismatch', 'keyId is not the RFC 7638 thumbprint of publicJwk', 'keyId');
	const now = new Date().toISOString();
	await db
		.insertInto('device_keys')
		.values({ key_id: input.keyId, user_id: actor.userId, public_jwk: JSON.stringify(input.publicJwk), created_at: now, revoked_at: null })
		.onConflict((oc) => oc.column('key_id').doNothing())
		.execute();
	const stored = await db
		.selectFrom('device_keys')
		.select(['user_id', 'created_at'])
		.where('key_id', '=', input.keyId)
		.executeTakeFirstOrThrow();
	if (stored.user_id !== actor.userId) throw new Refusal(409, 'already_exists', 'This key is registered to another account', 'keyId');
	return { keyId: input.keyId, createdAt: stored.created_at };
}

/**
 * The unrevoked keys of the record's writer and assigned team, for a member of that team (the
 * writer or an assigned account); anyone else gets 404, as for no record (docs/secrecy.md).
 */
export async function teamKeys(db: Kysely<Database>, actor: Actor, inspectionId: string): Promise<TeamKeysResponse> {
	const team = await teamOf(db, inspectionId);
	if (!team || !team.includes(actor.userId)) throw new Refusal(404, 'inspection_not_found', 'No such inspection for this account');
	const rows = await db
		.selectFrom('device_keys')
		.select(['user_id', 'key_id', 'public_jwk'])
		.where('user_id', 'in', team)
		.where('revoked_at', 'is', null)
		.orderBy('user_id')
		.orderBy('created_at')
		.execute();
	return { inspectionId, keys: rows.map(memberKeyOf) };
}

/** The record's writer first, then its assigned accounts; null when there is no such record. */
async function teamOf(db: Kysely<Database>, inspectionId: string): Promise<string[] | null> {
	const record = await db.selectFrom('inspections').select('owner_user_id').where('id', '=', inspectionId).executeTakeFirst();
	if (!record) return null;
	const assigned = await db.selectFrom('inspection_assignments').select('user_id').where('inspection_id', '=', inspectionId).execute();
	return [record.owner_user_id, ...assigned.map((a) => a.user_id).filter((id) => id !== record.owner_user_id)];
}

/** The member's unrevoked key of that id, or null. */
export async function memberKey(trx: Transaction<Database>, userId: string, keyId: string): Promise<MemberKey | null> {
	const row = await trx
		.selectFrom('device_keys')
		.select(['user_id', 'key_id', 'public_jwk'])
		.where('key_id', '=', keyId)
		.where('user_id', '=', userId)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return row ? memberKeyOf(row) : null;
}

function memberKeyOf(row: { user_id: string; key_id: string; public_jwk: string }): MemberKey {
	return { userId: row.user_id, keyId: row.key_id, publicJwk: publicJwkSchema.parse(JSON.parse(row.public_jwk)) };
}
