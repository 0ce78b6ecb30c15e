/**
 * Rows the device's own acknowledged edits changed, held back from the pull until it has caught
 * up with those edits.
 *
 * The feed replays every change since the device's cursor, oldest first, one page per
 * transaction. After a push, a pull's early page can carry an older version of a row that an
 * acknowledged edit has since changed or removed; the newer version is in a later page. Written
 * as it comes, the early page would bring the old row back until that later page arrives — and
 * when the pull is cut off between pages, until some later round: a removed officer is listed
 * again, an item the inspector passed shows as failed again. Whatever the inspector does with
 * that (answers for the officer, a finding for the item) the server refuses.
 *
 * So every acknowledged entry's keys are held like a pending entry's, numbered in the order they
 * were acknowledged: the pull sets changes to held rows aside (set-aside.ts) instead of writing
 * them. A pull that runs to its last page lets go of the holds taken before it began — the server
 * had committed those edits before its first request, so every change they made was in its pages
 * — and the rows then take the server's latest version that was set aside.
 *
 * Stored as one `meta` row per acknowledgement (`acknowledged:<number>`, its keys), never as one
 * growing row: a long queue is acknowledged in hundreds of batches before the next pull, and
 * rewriting every key held so far at each batch made a push of 80,000 mutations quadratic
 * (issue 21). Taking a hold now writes only its own keys. A device that held keys in the former
 * single `acknowledged` row keeps them there until a complete pull lets go of them.
 */
import { mutationKeys, type Mutation } from '$lib/domain/protocol';
import type { AcknowledgedHolds, AppDb } from '../app-db';

const PREFIX = 'acknowledged:';
/** Zero-padded, so that the keys sort as their numbers do and the latest is the last key. */
const holdKey = (n: number) => `${PREFIX}${String(n).padStart(12, '0')}` as const;
const numberOf = (key: string) => Number(key.slice(PREFIX.length));
const holdRows = (db: AppDb) => db.meta.where('key').between(PREFIX, `${PREFIX}\uffff`, true, true);

/** The former single row (before issue 21), read and let go of like the others. */
async function legacyHolds(db: AppDb): Promise<AcknowledgedHolds | null> {
	const row = await db.meta.get('acknowledged');
	return row?.key === 'acknowledged' ? row.value : null;
}

/** The holds as stored (inside or outside a transaction that includes `db.meta`): every key with the number of its latest hold. */
export async function acknowledgedHolds(db: AppDb): Promise<AcknowledgedHolds> {
	const legacy = await legacyHolds(db);
	const rows: Record<string, number> = { ...legacy?.rows };
	let last = legacy?.last ?? 0;
	for (const row of (await holdRows(db).toArray()) as { key: string; value: string[] }[]) {
		last = numberOf(row.key);
		for (const key of row.value) rows[key] = last;
	}
	return { last, rows };
}

/** The number of the latest hold, 0 when none was ever taken. */
export async function latestHold(db: AppDb): Promise<number> {
	const latest = await holdRows(db).last();
	return Math.max(latest ? numberOf(latest.key) : 0, (await legacyHolds(db))?.last ?? 0);
}

/** Holds the rows of these just-acknowledged mutations, in the push's transaction (it must include `db.meta`). */
export async function holdAcknowledged(db: AppDb, mutations: readonly Mutation[]): Promise<void> {
	if (mutations.length === 0) return;
	const keys = [...new Set(mutations.flatMap((m) => mutationKeys(m)))];
	await db.meta.put({ key: holdKey((await latestHold(db)) + 1), value: keys });
}

/** The keys held now. */
export async function heldKeys(db: AppDb): Promise<string[]> {
	return Object.keys((await acknowledgedHolds(db)).rows);
}

/**
 * At the end of a complete pull: lets go of the holds numbered `upTo` or lower (those taken before
 * the pull began) and returns the keys still held, in the pull's transaction.
 */
export async function releaseHolds(db: AppDb, upTo: number): Promise<string[]> {
	const latest = await latestHold(db);
	if (upTo > 0) await db.meta.where('key').between(PREFIX, holdKey(upTo), true, true).delete();
	// The numbers go on from the latest, never from 0 again: a pull that began before this one
	// ended may still let go of "everything up to n", which must not take a hold made since.
	if (latest > 0 && latest <= upTo) await db.meta.put({ key: holdKey(latest), value: [] });
	const legacy = await legacyHolds(db);
	if (legacy) {
		const kept = Object.fromEntries(Object.entries(legacy.rows).filter(([, n]) => n > upTo));
		if (Object.keys(kept).length === 0) await db.meta.delete('acknowledged');
		else if (Object.keys(kept).length !== Object.keys(legacy.rows).length)
			await db.meta.put({ key: 'acknowledged', value: { last: legacy.last, rows: kept } });
	}
	return heldKeys(db);
}
