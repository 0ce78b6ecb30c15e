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
import type { ChangeOp, Database } from '../db/schema';
import type { Actor } from './actor';
import { assertClientOwner, lastAppliedSeq } from './apply-push';
import { DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, type PullRequest } from './requests';
import { visibleChanges } from './visibility';

export interface PulledChange {
	version: number;
	entity: string;
	entityId: string;
	op: ChangeOp;
	data: unknown;
}

export interface PullResponse {
	changes: PulledChange[];
	/** Pass back as `cursor` next time. Opaque to the client; only ever grows. */
	cursor: number;
	/** More changes wait beyond this page: pull again at once with the new cursor. */
	hasMore: boolean;
	/**
	 * The last seq of `clientId` the server has consumed, read before the changes: when
	 * `hasMore` is false, the effects of every mutation up to it are in what was pulled.
	 */
	lastAppliedSeq: number;
}

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
		.select(['version', 'entity', 'entity_id', 'op', 'data'])
		.where('version', '>', cursor)
		.where(visibleChanges(actor))
		.orderBy('version')
		.limit(limit + 1)
		.execute();

	const hasMore = rows.length > limit;
	const page = hasMore ? rows.slice(0, limit) : rows;
	const last = page.at(-1);
	const lastVersion = last ? Number(last.version) : cursor;
	// With nothing more to send, jump to the committed counter: the rows in between are not
	// this actor's, and skipping them spares the next pull from scanning past them again.
	const nextCursor = hasMore ? lastVersion : Math.max(cursor, lastVersion, committed);

	return {
		changes: page.map((row) => ({
			version: Number(row.version),
			entity: row.entity,
			entityId: row.entity_id,
			op: row.op,
			data: JSON.parse(row.data) as unknown
		})),
		cursor: nextCursor,
		hasMore,
		lastAppliedSeq: applied
	};
}
