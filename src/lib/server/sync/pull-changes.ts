/**
 * Pull: the changes an actor may see, after a cursor, in commit order.
 *
 * The cursor is the version of the last change the device has. Versions follow commit order
 * (see write-transaction.ts), so everything at or below a returned cursor has been seen: a
 * writer that commits late got a later version, never one behind the cursor.
 *
 * Offline: a device pulls whenever it comes back, from its stored cursor; it never misses a
 * change and never gets one twice if it stores the cursor with the changes it applied.
 * Deletes arrive as tombstones (`op: 'delete'`, `data` = the key fields).
 */
import type { Kysely } from 'kysely';
import { DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, type PullRequest, type PullResponse } from '$lib/domain/protocol';
import type { Database } from '../db/schema';
import type { Actor } from './actor';
import { assertClientOwner, lastAppliedSeq } from './apply-push';
import { mayReceive, visibleChanges } from './visibility';

export type { PullResponse };
/** One change of a pull page (the protocol's `Change`). */
export type PulledChange = PullResponse['changes'][number];

export async function pullChanges(db: Kysely<Database>, actor: Actor, request: PullRequest = {}): Promise<PullResponse> {
	const cursor = request.cursor ?? 0;
	const limit = Math.min(Math.max(request.limit ?? DEFAULT_PULL_LIMIT, 1), MAX_PULL_LIMIT);

	// Read order matters. The client's applied seq first, then the counter, then the changes:
	// whatever those two values promise has committed, so the change query sees it.
	let applied = 0;
	if (request.clientId) {
		await assertClientOwner(db, request.clientId, actor);
		applied = await lastAppliedSeq(db, request.clientId);
	}
	const counter = await db.selectFrom('sync_counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
	const committed = Number(counter.value);

	const rows = await db
		.selectFrom('changes')
		.innerJoin('inspections', 'inspections.id', 'changes.inspection_id')
		.select([
			'changes.version',
			'changes.entity',
			'changes.entity_id',
			'changes.op',
			'changes.data',
			'changes.inspection_id',
			'inspections.owner_user_id',
			'inspections.status',
			'inspections.unit_code',
			'inspections.province_code',
			'inspections.published_version',
			'inspections.kind'
		])
		.where('changes.version', '>', cursor)
		.where(visibleChanges(actor))
		.orderBy('changes.version')
		.limit(limit + 1)
		.execute();

	const hasMore = rows.length > limit;
	const scanned = hasMore ? rows.slice(0, limit) : rows;
	const last = scanned.at(-1);
	const lastVersion = last ? Number(last.version) : cursor;
	// With nothing more to send, an overseer jumps to the committed counter: the rows in between
	// are not theirs, and skipping them spares the next pull from scanning past them again. A
	// ward or an inspector does not: the counter counts every write of the server, so watching it
	// move would show them a draw or a plan being made (docs/secrecy.md); their filters are
	// indexed by unit, owner and assignment, so rescanning past others' rows costs little.
	const jump = seesWholeProvince(actor) ? committed : 0;
	const nextCursor = hasMore ? lastVersion : Math.max(cursor, lastVersion, jump);
	// The shared rule has the last word on every row; the cursor still moves past rows it drops.
	const assigned = await assignedAmong(db, actor, scanned);
	const page = scanned.filter((row) => mayReceive(actor, row, assigned.has(row.inspection_id)));

	return {
		changes: page.map((row) => ({
			version: Number(row.version),
			entity: row.entity,
			entityId: row.entity_id,
			op: row.op,
			data: JSON.parse(row.data) as Record<string, unknown>
		})),
		cursor: nextCursor,
		hasMore,
		lastAppliedSeq: applied
	};
}

/** Supervisors and admins receive every row of their province (or of all, without one). */
const seesWholeProvince = (actor: Actor) => actor.role === 'supervisor' || actor.role === 'admin';

/** Which of these rows' inspections the actor is assigned to (only inspectors are assigned). */
async function assignedAmong(db: Kysely<Database>, actor: Actor, rows: readonly { inspection_id: string }[]): Promise<Set<string>> {
	if (actor.role !== 'inspector' || rows.length === 0) return new Set();
	const ids = [...new Set(rows.map((r) => r.inspection_id))];
	const found = await db
		.selectFrom('inspection_assignments')
		.select('inspection_id')
		.where('user_id', '=', actor.userId)
		.where('inspection_id', 'in', ids)
		.execute();
	return new Set(found.map((r) => r.inspection_id));
}
