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
 *
 * Far behind (a new phone signing in to a province with a year of records, a device back after
 * weeks away), a page holds only the latest change of each row: a change that a later change of
 * the same row supersedes is skipped, because the later one is past the cursor too and will come.
 * The device ends in the same state as if it had replayed every write, in a fraction of the
 * pages. The cursor rule is unchanged (it moves over scanned rows in version order), so a writer
 * committing between two pages is still seen: a row it rewrites that the pull had not yet sent
 * is skipped in favour of the new change; one it had sent comes again, newer. Tombstones are
 * kept: a device pulling from 0 may hold rows it made itself, pushed, and another phone removed.
 *
 * Every page is bounded by rows (`limit`) and by the bytes of its rows' data (`MAX_PULL_PAGE_BYTES`),
 * and its body is written from the stored JSON text without parsing it (`pullPageBody`).
 */
import { sql, type Kysely } from 'kysely';
import { DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, type PullRequest, type PullResponse } from '$lib/domain/protocol';
import type { Database } from '../db/schema';
import type { Actor } from './actor';
import { assertClientOwner } from './apply-push';
import { mayReceive, visibleChanges } from './visibility';

export type { PullResponse };
/** One change of a pull page (the protocol's `Change`). */
export type PulledChange = PullResponse['changes'][number];

/**
 * A cursor this many versions or more behind the counter pulls latest changes only. Below it a
 * page replays every change: the device is nearly current and the extra probe would buy little.
 */
export const LATEST_ONLY_BEHIND = 2_000;

/** A page stops once its rows' data passes this many bytes (it always holds at least one row). */
export const MAX_PULL_PAGE_BYTES = 1_000_000;

/** Server-side knobs of one pull; tests turn them down to see the far-behind path on few rows. */
export interface PullOptions {
	latestOnlyBehind?: number;
	maxPageBytes?: number;
}

/** One change as stored: `data` is the JSON text the change log wrote. */
interface StoredChange {
	version: number;
	entity: string;
	entityId: string;
	op: 'upsert' | 'delete';
	data: string;
}

interface StoredPage extends Omit<PullResponse, 'changes'> {
	changes: StoredChange[];
	/** Whether this page skipped superseded changes (the far-behind path). */
	latestOnly: boolean;
	/** Bytes of the page's data. */
	bytes: number;
}

export async function pullChanges(
	db: Kysely<Database>,
	actor: Actor,
	request: PullRequest = {},
	options: PullOptions = {}
): Promise<PullResponse> {
	const { changes, cursor, hasMore, lastAppliedSeq } = await readPullPage(db, actor, request, options);
	return {
		changes: changes.map((c) => ({ ...c, data: JSON.parse(c.data) as Record<string, unknown> })),
		cursor,
		hasMore,
		lastAppliedSeq
	};
}

/**
 * The page as the JSON body of GET /api/sync/pull, written around the stored data text: the
 * same bytes `JSON.stringify(await pullChanges(…))` would give, without parsing and re-writing
 * every row.
 */
export async function pullPageBody(
	db: Kysely<Database>,
	actor: Actor,
	request: PullRequest = {},
	options: PullOptions = {}
): Promise<{ body: string; rows: number; latestOnly: boolean }> {
	const page = await readPullPage(db, actor, request, options);
	const parts = page.changes.map(
		(c) =>
			`{"version":${c.version},"entity":${JSON.stringify(c.entity)},"entityId":${JSON.stringify(c.entityId)},"op":"${c.op}","data":${c.data}}`
	);
	const body = `{"changes":[${parts.join(',')}],"cursor":${page.cursor},"hasMore":${page.hasMore},"lastAppliedSeq":${page.lastAppliedSeq}}`;
	return { body, rows: page.changes.length, latestOnly: page.latestOnly };
}

export async function readPullPage(
	db: Kysely<Database>,
	actor: Actor,
	request: PullRequest = {},
	options: PullOptions = {}
): Promise<StoredPage> {
	const cursor = request.cursor ?? 0;
	const limit = Math.min(Math.max(request.limit ?? DEFAULT_PULL_LIMIT, 1), MAX_PULL_LIMIT);
	const maxBytes = options.maxPageBytes ?? MAX_PULL_PAGE_BYTES;

	// Read order matters. The client's applied seq first, then the counter, then the changes:
	// whatever those two values promise has committed, so the change query sees it.
	let applied = 0;
	if (request.clientId) applied = await assertClientOwner(db, request.clientId, actor);
	const counter = await db.selectFrom('sync_counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
	const committed = Number(counter.value);
	const latestOnly = committed - cursor >= (options.latestOnlyBehind ?? LATEST_ONLY_BEHIND);

	const rows = await pullPageQuery(db, actor, cursor, latestOnly)
		.orderBy('changes.version')
		.limit(limit + 1)
		.execute();

	// Rows up to the limit and the byte bound (at least one, so a page always moves on).
	let taken = 0;
	let bytes = 0;
	while (taken < Math.min(rows.length, limit)) {
		const size = Buffer.byteLength(rows[taken]!.data);
		if (taken > 0 && bytes + size > maxBytes) break;
		bytes += size;
		taken++;
	}
	const hasMore = rows.length > taken;
	const scanned = rows.slice(0, taken);
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
			data: row.data
		})),
		cursor: nextCursor,
		hasMore,
		lastAppliedSeq: applied,
		latestOnly,
		bytes
	};
}

/**
 * The page's query, without its limit: the actor's candidate rows after `cursor` in version order,
 * latest changes only when `latestOnly`. Exported for the bench's query plans.
 */
export function pullPageQuery(db: Kysely<Database>, actor: Actor, cursor: number, latestOnly: boolean) {
	const query = db
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
		.where(visibleChanges(actor));
	if (!latestOnly) return query;
	// One seek in changes_entity_version per scanned row (migration 037). The statement's
	// snapshot sees a prefix of the versions, so a later change it finds is past the cursor.
	return query.where((eb) =>
		eb.not(
			eb.exists(
				eb
					.selectFrom('changes as later')
					.select(sql`1`.as('one'))
					.whereRef('later.entity', '=', 'changes.entity')
					.whereRef('later.entity_id', '=', 'changes.entity_id')
					.whereRef('later.version', '>', 'changes.version')
			)
		)
	);
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
