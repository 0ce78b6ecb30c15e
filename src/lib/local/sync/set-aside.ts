/**
 * Server changes a pull skipped, kept until they can be applied.
 *
 * A pull leaves alone every row a pending outbox entry covers (the local edit is newer and on
 * its way), yet moves the cursor past it. If the server then refuses that entry (conflict,
 * rejected), nothing would ever bring the server's version of the row back, and the device
 * would keep the refused value for good. So each skipped change is set aside here — only the
 * latest per row — and applied at the end of a complete pull once no pending entry covers its
 * row any more. After an applied entry this is harmless: the server's newer version of the row
 * comes in the same pull and supersedes the set-aside one first.
 *
 * All functions run inside the pull's Dexie transaction (the caller includes `db.setAside`).
 */
import type { EntityChange as ChangeWire } from '$lib/domain/protocol';
import type { AppDb, SetAsideChange } from '../app-db';

export const rowKeyOf = (change: ChangeWire) => `${change.entity}:${change.entityId}`;

/** Keeps `skipped` (in feed order), each replacing any older change set aside for its row. */
export async function setAside(db: AppDb, skipped: readonly { change: ChangeWire; dirtyKeys: string[] }[]): Promise<void> {
	if (skipped.length === 0) return;
	const latest = new Map<string, SetAsideChange>();
	for (const { change, dirtyKeys } of skipped) latest.set(rowKeyOf(change), { key: rowKeyOf(change), dirtyKeys, change });
	await db.setAside.bulkPut([...latest.values()]);
}

/** A newer change to these rows was applied: what was set aside for them is out of date. */
export async function dropSuperseded(db: AppDb, applied: readonly ChangeWire[]): Promise<void> {
	// Nearly always empty: one count spares a first pull a delete request per row.
	if (applied.length === 0 || (await db.setAside.count()) === 0) return;
	await db.setAside.bulkDelete(applied.map(rowKeyOf));
}

/**
 * Removes and returns, oldest first, the set-aside changes whose rows no pending entry covers
 * (`dirty`: the keys of every pending entry), for the caller to apply in the same transaction.
 */
export async function takeReleased(db: AppDb, dirty: ReadonlySet<string>): Promise<ChangeWire[]> {
	const released = (await db.setAside.toArray()).filter((row) => !row.dirtyKeys.some((k) => dirty.has(k)));
	if (released.length === 0) return [];
	await db.setAside.bulkDelete(released.map((row) => row.key));
	return released.map((row) => row.change).sort((a, b) => a.version - b.version);
}
