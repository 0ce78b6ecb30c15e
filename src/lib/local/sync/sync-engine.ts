/**
 * One sync round between the device database and the server: upload photo bytes, push the
 * outbox, pull changes. Safe to interrupt anywhere (tab closed, network gone, server killed):
 *
 * - An outbox entry leaves only on the server's acknowledgement (applied), or turns into a
 *   visible 'rejected' entry (rejected/conflict) that no longer blocks the queue. Network
 *   errors and 5xx leave everything as it was; pushing the same entries again is harmless
 *   because the server answers a replay with the stored result.
 * - Pulled changes are applied one page per Dexie transaction together with the new cursor,
 *   so a crash neither skips nor repeats a page. Rows with local edits the server has not yet
 *   acknowledged are left alone: the local version is newer and its mutation is on its way. So
 *   are rows of edits it has acknowledged, until a pull has caught up with them: an early page
 *   must not bring back the older row they replaced (acknowledged.ts).
 * - Every pulled row is checked against the protocol registry first; a row that fails is set
 *   aside (pulled-rows.ts) and shown in the sync panel, never written.
 *   A valid change skipped because a pending entry covers its row is set aside too, and applied
 *   once no pending entry covers the row any more, so a refused edit does not leave the device
 *   with its own value for good (set-aside.ts).
 * - `seq_reused` (the server consumed that seq for another mutation of this clientId): a new
 *   clientId, the pending entries renumbered from 1, and the push goes on (renumber.ts).
 * - A photo the server refuses for good is marked failed and the entries needing it are
 *   withheld, so it does not hold back the rest of the queue (blob-upload.ts).
 * - `mutation_id_reused` (another client of this account already sent this very mutation: a
 *   restored backup whose first phone still sent it, backup/unsynced-backup.ts): the server has
 *   handled it, so the entry leaves and the entries after it move down to close the gap.
 */
import { Dexie } from 'dexie';
import {
	changeKeys,
	mutationKeys,
	primaryKey,
	type EntityChange as ChangeWire,
	MAX_MUTATIONS_PER_PUSH,
	type EntityName,
	type PushResponse as PushResponseWire
} from '$lib/domain/protocol';
import { MAX_PUSH_BYTES } from '$lib/domain/protocol/body-limits';
import type { AppDb, OutboxEntry } from '../app-db';
import { refreshTemplateVersions } from '../template-store';
import { clientId } from '../client-id';
import { heldKeys, holdAcknowledged, latestHold, releaseHolds } from './acknowledged';
import { blobsNeededBy, uploadBlobsOfRound, uploadPendingBlobs, withholdEntriesOfFailedBlobs, type UploadProgress } from './blob-upload';
import { checkPage, updateQuarantine } from './pulled-rows';
import { renumberPending, startNewQueue } from './renumber';
import { dropSuperseded, setAside, takeReleased } from './set-aside';
import type { SyncTransport } from './transport';

export { uploadPendingBlobs, type UploadProgress };

/** Mutations per push: as many as the server takes in one (its group, one transaction), fewer when they would pass its size limit. */
const PUSH_BATCH = MAX_MUTATIONS_PER_PUSH;

/**
 * The first entries of `batch` (in seq order) whose mutations fit one push under the server's
 * limit (body-limits.ts), leaving room for the envelope; always at least one, so an entry too
 * large on its own is still sent and answered rather than held back for ever.
 */
function withinPushLimit(batch: OutboxEntry[]): OutboxEntry[] {
	const encoder = new TextEncoder();
	let bytes = 1024;
	const fitting: OutboxEntry[] = [];
	for (const entry of batch) {
		bytes += encoder.encode(JSON.stringify(entry.mutation)).byteLength + 1;
		if (fitting.length > 0 && bytes > MAX_PUSH_BYTES) break;
		fitting.push(entry);
	}
	return fitting;
}

export interface SyncReport {
	uploaded: number;
	applied: number;
	rejected: number;
	deferred: number;
	pulled: number;
}

/**
 * A batch to send, in seq order. `leading`: its entries are the first pending ones in outbox
 * order, so every other pending entry has a higher localId (the usual case: seqs follow localIds
 * and the batch was not cut short by the size limit).
 */
interface Batch {
	entries: OutboxEntry[];
	leading: boolean;
}

/**
 * The next batch: the first pending entries in outbox order, leaving out those of `sent` (a
 * batch on its way), in seq order and within the server's limit. After a leading batch only the
 * entries past its last localId are read, so no entry is read twice.
 */
async function readBatch(db: AppDb, sent?: Batch): Promise<Batch> {
	let pending: OutboxEntry[];
	if (sent?.leading) {
		const after = Math.max(...sent.entries.map((e) => e.localId!));
		pending = (await db.outbox.where(':id').above(after).limit(PUSH_BATCH).toArray()).filter((e) => e.state === 'pending');
	} else {
		const skip = new Set(sent?.entries.map((e) => e.localId));
		const read = await db.outbox
			.where('state')
			.equals('pending')
			.limit(PUSH_BATCH + skip.size)
			.sortBy('localId');
		pending = read.filter((e) => !skip.has(e.localId)).slice(0, PUSH_BATCH);
	}
	const entries = withinPushLimit([...pending].sort((a, b) => a.mutation.seq - b.mutation.seq));
	const firstIds = new Set(pending.slice(0, entries.length).map((e) => e.localId));
	return { entries, leading: entries.every((e) => firstIds.has(e.localId)) };
}

/** Whether the server applied every entry of `batch`: nothing to update, only to let go. */
function allApplied(batch: readonly OutboxEntry[], response: PushResponseWire): boolean {
	const bySeq = new Map(response.results.map((r) => [r.seq, r]));
	return batch.every((e) => {
		const r = bySeq.get(e.mutation.seq);
		return r?.status === 'applied' && r.mutationId === e.mutation.mutationId;
	});
}

/**
 * Removes these outbox entries (inside the caller's transaction). A batch is nearly always a run
 * of consecutive localIds, and then it goes as one range delete: IndexedDB answers a bulkDelete
 * with a request per key, which made the acknowledgements of a long queue cost the browser about
 * as much CPU as the server spent applying it. Only when the ids are exactly the run from the
 * lowest to the highest — no other entry can be in that range — is the range used.
 */
async function deleteEntries(db: AppDb, localIds: readonly number[]): Promise<void> {
	if (localIds.length === 0) return;
	const low = Math.min(...localIds);
	const high = Math.max(...localIds);
	const run = high - low + 1 === localIds.length && new Set(localIds).size === localIds.length;
	if (run && localIds.length > 1) await db.outbox.where(':id').between(low, high, true, true).delete();
	else await db.outbox.bulkDelete([...localIds]);
}

/**
 * Pushes pending entries in seq order until the queue is empty or the server defers one. On
 * `seq_reused` the queue moves to a new clientId once (renumber.ts) and the push goes on.
 *
 * A long queue goes as a pipeline: while the server applies one batch, the device reads the
 * next; once the server has applied a batch whole, the next one is sent at once and the
 * applied batch leaves the outbox while it travels. Each batch is still sent only after the
 * server has answered the one before it, so the server sees the same requests in the same order
 * as one batch at a time; the device's own work no longer adds to the server's. An answer with
 * anything but "applied" in it is handled one batch at a time, as before.
 */
export async function pushOutbox(db: AppDb, transport: SyncTransport): Promise<Omit<SyncReport, 'uploaded' | 'pulled'>> {
	let id = await clientId(db);
	let renumbered = false;
	const report = { applied: 0, rejected: 0, deferred: 0 };
	/** The last applied batch's leaving the outbox, still under way. */
	let leaving: Promise<void> = Promise.resolve();
	let batch = await readBatch(db);
	try {
		while (batch.entries.length > 0) {
			const sent = batch.entries;
			const answer = transport.push(
				id,
				sent.map((e) => e.mutation)
			);
			// Read after the last batch has left: its entries are no longer pending then.
			const following = leaving.then(() => readBatch(db, batch));
			following.catch(() => {});
			const response = await answer;
			await leaving;
			if (allApplied(sent, response)) {
				leaving = acknowledge(db, sent, response, report).then(() => {});
				leaving.catch(() => {});
				batch = await following;
				continue;
			}
			await following.catch(() => {});
			const step = await acknowledge(db, sent, response, report);
			// The entries after one sent elsewhere waited for it; now renumbered, they go again.
			if (step.sentElsewhere) report.deferred = 0;
			else if (step.seqReused && !renumbered) {
				id = await startNewQueue(db);
				renumbered = true;
				report.deferred = 0;
			} else if (!step.progressed || report.deferred > 0) return report;
			batch = await readBatch(db);
		}
		await leaving;
		return report;
	} catch (error) {
		// Not left half done: the last applied batch has left (or failed to) before the error goes on.
		await leaving.catch(() => {});
		throw error;
	}
}

/**
 * Records the server's answer to `batch` in one transaction: applied entries leave (their rows
 * held), rejected and conflicting ones stay visible as rejected, deferred ones are retried later.
 */
async function acknowledge(
	db: AppDb,
	batch: readonly OutboxEntry[],
	response: PushResponseWire,
	report: Omit<SyncReport, 'uploaded' | 'pulled'>
): Promise<{ progressed: boolean; seqReused: boolean; sentElsewhere: boolean }> {
	const bySeq = new Map(response.results.map((r) => [r.seq, r]));
	let progressed = false;
	let seqReused = false;
	const sentElsewhere: OutboxEntry[] = [];
	await db.transaction('rw', db.outbox, db.blobs, db.meta, async () => {
		// Acknowledged entries leave together: one request for the whole batch.
		const acknowledged: number[] = [];
		const applied: OutboxEntry['mutation'][] = [];
		for (const entry of batch) {
			const r = bySeq.get(entry.mutation.seq);
			if (!r || r.mutationId !== entry.mutation.mutationId) continue;
			if (r.status === 'applied') {
				acknowledged.push(entry.localId!);
				applied.push(entry.mutation);
				report.applied++;
				progressed = true;
			} else if (r.status === 'rejected' || r.status === 'conflict') {
				await db.outbox.update(entry.localId, {
					state: 'rejected',
					lastError: r.message ?? r.code ?? r.status,
					lastErrorCode: r.code ?? r.status
				});
				report.rejected++;
				progressed = true;
			} else if (r.code === 'mutation_id_reused') {
				sentElsewhere.push(entry);
				progressed = true;
			} else {
				await db.outbox.update(entry.localId, {
					attempts: entry.attempts + 1,
					lastError: r.message ?? r.code ?? null,
					lastErrorCode: r.code ?? null
				});
				report.deferred++;
				if (r.code === 'seq_reused') seqReused = true;
				// The server does not hold these bytes (any more): upload them next round.
				if (r.code === 'missing_blob') for (const sha of blobsNeededBy(entry.mutation)) await db.blobs.update(sha, { uploaded: 0 });
			}
		}
		await deleteEntries(db, acknowledged);
		await holdAcknowledged(db, applied);
		if (sentElsewhere.length) {
			await db.outbox.bulkDelete(sentElsewhere.map((e) => e.localId!));
			await renumberPending(db, Math.min(...sentElsewhere.map((e) => e.mutation.seq)));
		}
	});
	return { progressed, seqReused, sentElsewhere: sentElsewhere.length > 0 };
}

/** The device table of every registry entity: an entity without one is a type error. */
const entityTables = (db: AppDb): Record<EntityName, Dexie.Table> => ({
	inspection: db.inspections,
	officer: db.officers,
	answer: db.answers,
	photo: db.photos,
	signature: db.signatures,
	findingDraft: db.findingDrafts,
	finding: db.findings,
	findingEvent: db.findingEvents,
	inspectionEvent: db.inspectionEvents,
	sectionHolding: db.sectionHoldings,
	answerConflict: db.answerConflicts,
	teamPart: db.teamParts,
	interview: db.interviews
});

const tableOf = (db: AppDb, entity: EntityName) => entityTables(db)[entity] as Dexie.Table<Record<string, unknown>, unknown>;

/**
 * Writes one page of changes in bulk, inside the caller's transaction. Within a page the last
 * change to a row wins (the page is in commit order), so rows are reduced first and then written
 * with one bulkDelete and one bulkPut per table — far fewer IndexedDB requests than a put per
 * change on a first pull of thousands of rows.
 */
async function applyPage(db: AppDb, changes: readonly ChangeWire[]): Promise<void> {
	const latest = new Map<string, ChangeWire>();
	for (const change of changes) latest.set(`${change.entity}\u0000${JSON.stringify(primaryKey(change.entity, change.data))}`, change);
	const byEntity = new Map<ChangeWire['entity'], ChangeWire[]>();
	for (const change of latest.values()) {
		const group = byEntity.get(change.entity);
		if (group) group.push(change);
		else byEntity.set(change.entity, [change]);
	}
	for (const [entity, group] of byEntity) {
		const table = tableOf(db, entity);
		const deletes = group.filter((c) => c.op === 'delete').map((c) => primaryKey(c.entity, c.data));
		let puts = group.filter((c) => c.op === 'upsert').map((c) => c.data);
		if (entity === 'inspection' && puts.length) {
			// Keep the device's own updatedAt; a record new to the device sorts by when it ended
			// (or was made), in UTC like every local updatedAt, so lists sort by it as text.
			const existing = await db.inspections.bulkGet(puts.map((d) => String(d.id)));
			puts = puts.map((d, i) => ({
				...d,
				updatedAt: existing[i]?.updatedAt ?? new Date(String(d.endedAt ?? d.createdAt)).toISOString()
			}));
		}
		if (deletes.length) await table.bulkDelete(deletes);
		if (puts.length) await table.bulkPut(puts);
	}
}

/**
 * Pulls every page since the stored cursor. Returns the number of changes applied. Changes to
 * rows a pending entry covers, or an acknowledged edit the pull has not yet caught up with, are
 * set aside instead; at the end of the pull, those no pending entry or hold covers any more are
 * applied (set-aside.ts, acknowledged.ts).
 */
export async function pullChanges(db: AppDb, transport: SyncTransport): Promise<number> {
	const id = await clientId(db);
	// Read before the first request: every edit acknowledged so far is in the pages to come.
	const holdsBefore = await latestHold(db);
	let applied = 0;
	const cursorRow = await db.meta.get('pullCursor');
	let next = transport.pull(id, typeof cursorRow?.value === 'number' ? cursorRow.value : 0);
	for (;;) {
		const page = await next;
		// The next page travels while this one is written: at most two pages are held at once, and
		// nothing of a page outlives its transaction. Its cursor is stored with this page only if
		// the transaction commits; if it does not, the request's answer is dropped unread.
		if (page.hasMore) {
			next = transport.pull(id, page.cursor);
			next.catch(() => {});
		}
		const tables = [...Object.values(entityTables(db)), db.outbox, db.meta, db.setAside];
		await db.transaction('rw', tables, async () => {
			const pending = (await db.outbox.where('state').equals('pending').toArray()).flatMap((e) => mutationKeys(e.mutation));
			const dirty = new Set([...pending, ...(await heldKeys(db))]);
			const { valid, quarantined } = checkPage(page.changes);
			const clean: ChangeWire[] = [];
			const skipped: { change: ChangeWire; dirtyKeys: string[] }[] = [];
			for (const change of valid) {
				const keys = changeKeys(change.entity, change.data);
				if (keys.some((k) => dirty.has(k))) skipped.push({ change, dirtyKeys: keys });
				else clean.push(change);
			}
			await applyPage(db, clean);
			await updateQuarantine(db, clean, quarantined);
			await dropSuperseded(db, clean);
			await setAside(db, skipped);
			applied += clean.length;
			if (!page.hasMore) {
				// Only now: every newer change the server has for these rows has been seen.
				const stillHeld = await releaseHolds(db, holdsBefore);
				const released = await takeReleased(db, new Set([...pending, ...stillHeld]));
				await applyPage(db, released);
				applied += released.length;
			}
			await db.meta.put({ key: 'pullCursor', value: page.cursor });
		});
		if (!page.hasMore) return applied;
	}
}

/**
 * A whole round: bytes first (the server defers a photo mutation before its bytes), then the
 * entries whose bytes were refused for good are withheld, then push, then pull, then the
 * template versions (so a record pulled on a version new to the device can be opened offline).
 */
export async function syncOnce(db: AppDb, transport: SyncTransport, onUpload?: (p: UploadProgress) => void): Promise<SyncReport> {
	const upload = await uploadBlobsOfRound(db, transport, onUpload);
	await withholdEntriesOfFailedBlobs(db);
	const pushed = await pushOutbox(db, transport);
	const pulled = await pullChanges(db, transport);
	if (transport.templates) await refreshTemplateVersions(db, (known) => transport.templates!(known));
	await db.meta.put({ key: 'lastSyncAt', value: new Date().toISOString() });
	// The daily photo quota held some uploads back: everything else is done, and the panel says why.
	if (upload.postponed) throw upload.postponed;
	return { uploaded: upload.tried, ...pushed, pulled };
}
