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
 */
import { mutationKeys, type Mutation } from '$lib/domain/protocol';
import type { AcknowledgedHolds, AppDb } from '../app-db';

const empty: AcknowledgedHolds = { last: 0, rows: {} };

/** The holds as stored (inside or outside a transaction that includes `db.meta`). */
export async function acknowledgedHolds(db: AppDb): Promise<AcknowledgedHolds> {
	const row = await db.meta.get('acknowledged');
	return row?.key === 'acknowledged' ? row.value : empty;
}

/** Holds the rows of these just-acknowledged mutations, in the push's transaction (it must include `db.meta`). */
export async function holdAcknowledged(db: AppDb, mutations: readonly Mutation[]): Promise<void> {
	if (mutations.length === 0) return;
	const { last, rows } = await acknowledgedHolds(db);
	const next = last + 1;
	const held = { ...rows };
	for (const m of mutations) for (const key of mutationKeys(m)) held[key] = next;
	await db.meta.put({ key: 'acknowledged', value: { last: next, rows: held } });
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
	const { last, rows } = await acknowledgedHolds(db);
	const kept = Object.fromEntries(Object.entries(rows).filter(([, n]) => n > upTo));
	if (Object.keys(kept).length !== Object.keys(rows).length) await db.meta.put({ key: 'acknowledged', value: { last, rows: kept } });
	return Object.keys(kept);
}
