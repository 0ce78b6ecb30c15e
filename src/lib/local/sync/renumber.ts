/**
 * Renumbering the outbox's pending entries, for the two cases where their seqs no longer fit
 * the server's count for this device:
 *
 * - `seq_reused`: the server has already consumed one of these seqs for another mutation of this
 *   clientId (a restored backup of the device database, or two devices made from one copy). The
 *   device takes a new clientId and numbers its pending entries 1..n; the server starts a new
 *   queue for it. Nothing pending is lost; what the old queue applied stays applied.
 * - an entry withheld on the device (its photo can never be uploaded, blob-upload.ts) leaves a
 *   hole the server would wait at for ever (`seq_gap`): the entries after it move down.
 *
 * Safe because the server only consumes seqs in order: no entry at or after a pending one can
 * have been consumed, and entries before it keep their numbers.
 */
import { uuidv7 } from '$lib/domain/uuid';
import type { AppDb } from '../app-db';

/**
 * Numbers the pending entries `from`, `from + 1`, … in their present order and moves the seq
 * counter past them, in one transaction (joined if the caller holds one on outbox and meta).
 */
export function renumberPending(db: AppDb, from: number): Promise<void> {
	return db.transaction('rw', db.outbox, db.meta, async () => {
		const pending = await db.outbox.where('state').equals('pending').toArray();
		pending.sort((a, b) => a.mutation.seq - b.mutation.seq);
		const moved = pending
			.map((entry, i) => ({ entry, seq: from + i }))
			.filter(({ entry, seq }) => entry.mutation.seq !== seq)
			.map(({ entry, seq }) => ({ ...entry, mutation: { ...entry.mutation, seq } }));
		if (moved.length) await db.outbox.bulkPut(moved);
		await db.meta.put({ key: 'nextSeq', value: from + pending.length });
	});
}

/** After `seq_reused`: a new clientId, and the pending entries numbered from 1 under it. */
export function startNewQueue(db: AppDb): Promise<string> {
	return db.transaction('rw', db.outbox, db.meta, async () => {
		const id = uuidv7();
		await db.meta.put({ key: 'clientId', value: id });
		await renumberPending(db, 1);
		return id;
	});
}
