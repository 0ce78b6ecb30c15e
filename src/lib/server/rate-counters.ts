/**
 * Counters behind the server's rate limits, kept in the database (`rate_counters`, migration 035)
 * so that every app instance behind one database counts the same clients: a limit kept in one
 * process's memory is multiplied by the number of instances a proxy spreads the client over.
 *
 * Every change is one statement (an UPSERT, RETURNING what it wrote where the caller needs it),
 * never a read followed by a write, so two instances counting the same key at the same moment
 * both land. A row past `expires_at` counts as absent everywhere; `sweep` deletes such rows.
 * Times are epoch milliseconds from the instance's clock (instances are expected to keep NTP time).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from './db/schema';

export interface CounterKey {
	scope: string;
	key: string;
}

export interface Counter extends CounterKey {
	hits: number;
	/** The last hit (`slide`) or the window's start (`window`). */
	markedAt: number;
}

/** Whether the stored row had expired by the time of the new hit. */
const expired = sql<boolean>`rate_counters.expires_at <= excluded.marked_at`;

function insertHits(db: Kysely<Database>, keys: readonly CounterKey[], now: number, ttlMs: number) {
	return db
		.insertInto('rate_counters')
		.values(keys.map(({ scope, key }) => ({ scope, key, hits: 1, marked_at: now, expires_at: now + ttlMs })));
}

/**
 * One hit on each key, each forgotten `ttlMs` after its last hit (sign-in failures). The keys
 * must be distinct (one statement may not update a row twice), and callers list their scopes
 * always in the same order, so two such statements take shared rows in one order (no deadlock).
 */
export async function slide(db: Kysely<Database>, keys: readonly CounterKey[], now: number, ttlMs: number): Promise<void> {
	await insertHits(db, keys, now, ttlMs)
		.onConflict((oc) =>
			oc.columns(['scope', 'key']).doUpdateSet({
				hits: sql<number>`CASE WHEN ${expired} THEN 1 ELSE rate_counters.hits + 1 END`,
				marked_at: sql<number>`excluded.marked_at`,
				expires_at: sql<number>`excluded.expires_at`
			})
		)
		.execute();
}

/**
 * One hit on `key` in its fixed window of `windowMs` from the window's first hit (answers per
 * client and per point); answers the count and the window's start after this hit.
 */
export async function hitWindow(db: Kysely<Database>, key: CounterKey, now: number, windowMs: number): Promise<Counter> {
	const row = await insertHits(db, [key], now, windowMs)
		.onConflict((oc) =>
			oc.columns(['scope', 'key']).doUpdateSet({
				hits: sql<number>`CASE WHEN ${expired} THEN 1 ELSE rate_counters.hits + 1 END`,
				marked_at: sql<number>`CASE WHEN ${expired} THEN excluded.marked_at ELSE rate_counters.marked_at END`,
				expires_at: sql<number>`CASE WHEN ${expired} THEN excluded.expires_at ELSE rate_counters.expires_at END`
			})
		)
		.returning(['hits', 'marked_at'])
		.executeTakeFirstOrThrow();
	return { ...key, hits: Number(row.hits), markedAt: Number(row.marked_at) };
}

/**
 * Marks `key` for `ttlMs` unless a live mark is there already; true when this call made the mark.
 * Two instances racing for the same key: exactly one gets true.
 */
export async function markOnce(db: Kysely<Database>, key: CounterKey, now: number, ttlMs: number): Promise<boolean> {
	const row = await insertHits(db, [key], now, ttlMs)
		.onConflict((oc) =>
			oc
				.columns(['scope', 'key'])
				.doUpdateSet({ hits: 1, marked_at: sql<number>`excluded.marked_at`, expires_at: sql<number>`excluded.expires_at` })
				.where(sql<boolean>`rate_counters.expires_at <= ${now}`)
		)
		.returning('key')
		.executeTakeFirst();
	return row !== undefined;
}

/** Marks `key` for `ttlMs` from now, live or not. */
export async function mark(db: Kysely<Database>, key: CounterKey, now: number, ttlMs: number): Promise<void> {
	await insertHits(db, [key], now, ttlMs)
		.onConflict((oc) =>
			oc
				.columns(['scope', 'key'])
				.doUpdateSet({ hits: 1, marked_at: sql<number>`excluded.marked_at`, expires_at: sql<number>`excluded.expires_at` })
		)
		.execute();
}

/** The live counters among `keys`, by `scope` + newline + `key`. */
export async function readLive(db: Kysely<Database>, keys: readonly CounterKey[], now: number): Promise<Map<string, Counter>> {
	const rows = await db
		.selectFrom('rate_counters')
		.select(['scope', 'key', 'hits', 'marked_at'])
		.where('expires_at', '>', now)
		.where((eb) => eb.or(keys.map(({ scope, key }) => eb.and([eb('scope', '=', scope), eb('key', '=', key)]))))
		.execute();
	return new Map(rows.map((r) => [counterId(r), { scope: r.scope, key: r.key, hits: Number(r.hits), markedAt: Number(r.marked_at) }]));
}

export const counterId = (k: CounterKey): string => `${k.scope}\n${k.key}`;

/**
 * Deletes the counters of `keys`, one statement each: a statement holding one row while it waits
 * for another could deadlock with an UPSERT taking the same rows in the other order.
 */
export async function remove(db: Kysely<Database>, keys: readonly CounterKey[]): Promise<void> {
	for (const { scope, key } of keys) await db.deleteFrom('rate_counters').where('scope', '=', scope).where('key', '=', key).execute();
}

const isPostgres = (db: Kysely<Database>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** Rows one sweep deletes at most, so it stays a short statement even after a flood. */
const SWEEP_BATCH = 1000;

/**
 * Deletes rows that no longer count (an index range on `expires_at`: cheap when there are none).
 * On PostgreSQL it skips rows another transaction holds — one being counted again right now —
 * so a sweep never waits for a limiter, and never deadlocks with one.
 */
export async function sweep(db: Kysely<Database>, now: number): Promise<void> {
	const stale = db.selectFrom('rate_counters').select(['scope', 'key']).where('expires_at', '<=', now).limit(SWEEP_BATCH);
	await db
		.deleteFrom('rate_counters')
		.where((eb) =>
			eb(eb.refTuple('scope', 'key'), 'in', (isPostgres(db) ? stale.forUpdate().skipLocked() : stale).$asTuple('scope', 'key'))
		)
		.execute();
}

/** Forgets every counter of the scopes starting with `prefix` (tests). */
export async function removeScopes(db: Kysely<Database>, prefix: string): Promise<void> {
	await db.deleteFrom('rate_counters').where('scope', 'like', `${prefix}%`).execute();
}
