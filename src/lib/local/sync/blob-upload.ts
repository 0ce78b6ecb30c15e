/**
 * Photo and signature bytes, uploaded by hash before the push (the server defers a mutation
 * whose bytes it does not hold).
 *
 * A blob the server refuses for good — a 4xx about the bytes themselves: too large, not an
 * image — must not hold back everything else the device has. It is marked failed with the
 * server's code and message (shown in the sync panel) and not tried again; the pending entries
 * that need it are withheld: turned into visible `rejected` entries that are never sent, and the
 * entries after them renumbered so the server's count of this device's seqs has no hole
 * (renumber.ts). Network errors, 5xx, 408 and 429 are transient (the transport throws
 * TransientSyncError) and keep everything for the next round; 401/403 are about the session,
 * not the bytes, and end the round as before.
 *
 * The per-user daily quota (429 `blob_quota_user`) is transient too, but it is about this account,
 * not the network: the rest of the round still runs. The remaining uploads wait (they would meet
 * the same answer), the push and pull go on (an entry whose bytes are not there yet is deferred
 * by the server, nothing is lost), and the round then ends with the quota error, so the sync panel
 * says why photos wait and the next try comes after the server's Retry-After. The photos stay on
 * the device, still pending. The per-record quota is a 413: a refusal of these bytes as above.
 */
import type { Mutation } from '$lib/domain/protocol';
import type { AppDb, BlobFailure, StoredBlob } from '../app-db';
import { renumberPending } from './renumber';
import { RequestRefusedError, TransientSyncError, type SyncTransport } from './transport';

export interface UploadProgress {
	files: number;
	filesDone: number;
	bytes: number;
	bytesDone: number;
	/** Each blob of the round with its own bytes sent (issue 20: per-photo progress in the sync panel). */
	items: BlobProgress[];
}

export interface BlobProgress {
	sha256: string;
	bytes: number;
	sent: number;
	state: 'waiting' | 'sending' | 'sent' | 'failed';
}

/** A refusal that is about these bytes, so retrying them can never succeed. */
function refusalOfBytes(error: unknown): error is RequestRefusedError {
	return error instanceof RequestRefusedError && error.status >= 400 && error.status < 500 && ![401, 403, 408, 429].includes(error.status);
}

/** The daily quota answer: stop uploading for this round, but let the rest of the round run. */
const isUserQuota = (error: unknown): error is TransientSyncError =>
	error instanceof TransientSyncError && error.code === 'blob_quota_user';

export interface UploadOutcome {
	/** Blobs tried this round. */
	tried: number;
	/** Set when the server's daily quota stopped the uploads; the untried blobs wait, still pending. */
	postponed: TransientSyncError | null;
}

/**
 * Uploads every blob not yet confirmed by the server and not refused before, telling the server
 * which record each is for (its per-record quota). Throws on a transient or session failure
 * (nothing is marked; the next round goes on); stops early, without throwing, at the daily quota.
 */
export async function uploadBlobsOfRound(
	db: AppDb,
	transport: SyncTransport,
	onProgress?: (p: UploadProgress) => void
): Promise<UploadOutcome> {
	const needs = await blobNeeds(db);
	// In the order the queue needs them: under a quota, the bytes of the earliest entries go first.
	const order = (b: StoredBlob) => needs.get(b.sha256)?.seq ?? Number.MAX_SAFE_INTEGER;
	const pending: StoredBlob[] = (await db.blobs.where('uploaded').equals(0).toArray())
		.filter((b) => !b.failure)
		.sort((a, b) => order(a) - order(b));
	const progress: UploadProgress = {
		files: pending.length,
		filesDone: 0,
		bytes: pending.reduce((n, b) => n + b.size, 0),
		bytesDone: 0,
		items: pending.map((b) => ({ sha256: b.sha256, bytes: b.size, sent: 0, state: 'waiting' }))
	};
	const report = () => onProgress?.({ ...progress, items: progress.items.map((i) => ({ ...i })) });
	report();
	for (const [n, blob] of pending.entries()) {
		const before = progress.bytesDone;
		const item = progress.items[n]!;
		item.state = 'sending';
		try {
			if (!(await transport.hasBlob(blob.sha256)))
				await transport.putBlob(
					blob.sha256,
					blob.bytes,
					blob.mime,
					(sent) => {
						item.sent = Math.min(sent, blob.size);
						progress.bytesDone = before + item.sent;
						report();
					},
					needs.get(blob.sha256)?.inspectionId
				);
			await db.blobs.update(blob.sha256, { uploaded: 1 });
			item.state = 'sent';
		} catch (error) {
			item.state = 'waiting';
			item.sent = 0;
			if (isUserQuota(error)) return { tried: progress.filesDone + 1, postponed: error };
			if (!refusalOfBytes(error)) throw error;
			const failure: BlobFailure = { code: error.code, message: error.message, status: error.status, at: new Date().toISOString() };
			await db.blobs.update(blob.sha256, { failure });
			item.state = 'failed';
		}
		if (item.state === 'sent') item.sent = blob.size;
		progress.filesDone++;
		progress.bytesDone = before + blob.size;
		report();
	}
	return { tried: pending.length, postponed: null };
}

/** Uploads as `uploadBlobsOfRound` does and returns how many were tried; the daily quota throws. */
export async function uploadPendingBlobs(db: AppDb, transport: SyncTransport, onProgress?: (p: UploadProgress) => void): Promise<number> {
	const outcome = await uploadBlobsOfRound(db, transport, onProgress);
	if (outcome.postponed) throw outcome.postponed;
	return outcome.tried;
}

/**
 * For each blob a pending entry needs: the seq of the first such entry, and the record it is for
 * (a photo or a signature names one; fix photos name a finding, so no record is sent for them).
 */
async function blobNeeds(db: AppDb): Promise<Map<string, { seq: number; inspectionId?: string }>> {
	const needs = new Map<string, { seq: number; inspectionId?: string }>();
	const entries = (await db.outbox.where('state').equals('pending').toArray()).sort((a, b) => a.mutation.seq - b.mutation.seq);
	for (const { mutation } of entries) {
		const inspectionId = mutation.name === 'attachPhoto' || mutation.name === 'signInspection' ? mutation.args.inspectionId : undefined;
		for (const sha of blobsNeededBy(mutation)) if (!needs.has(sha)) needs.set(sha, { seq: mutation.seq, inspectionId });
	}
	return needs;
}

/** The hashes of the bytes a mutation needs on the server before it can apply. */
export function blobsNeededBy(mutation: Mutation): string[] {
	switch (mutation.name) {
		case 'attachPhoto':
			return [mutation.args.sha256];
		case 'signInspection':
			return mutation.args.refused ? [] : [mutation.args.sha256];
		case 'reportFix':
			return mutation.args.photos.map((p) => p.sha256);
		default:
			return [];
	}
}

/**
 * Withholds the pending entries that need a refused blob: each becomes a `rejected` entry with
 * the upload's code and message, and the entries after it are renumbered, all in one
 * transaction. Returns how many were withheld.
 */
export async function withholdEntriesOfFailedBlobs(db: AppDb): Promise<number> {
	return db.transaction('rw', db.outbox, db.meta, db.blobs, async () => {
		const failed = new Map((await db.blobs.where('failure.code').above('').toArray()).map((b) => [b.sha256, b.failure!]));
		if (failed.size === 0) return 0;
		const pending = await db.outbox.where('state').equals('pending').toArray();
		const withheld = pending.flatMap((entry) => {
			const failure = blobsNeededBy(entry.mutation)
				.map((sha) => failed.get(sha))
				.find((f) => f !== undefined);
			return failure ? [{ entry, failure }] : [];
		});
		if (withheld.length === 0) return 0;
		const from = Math.min(...pending.map((e) => e.mutation.seq));
		await db.outbox.bulkPut(
			withheld.map(({ entry, failure }) => ({
				...entry,
				state: 'rejected' as const,
				lastError: failure.message,
				lastErrorCode: failure.code
			}))
		);
		await renumberPending(db, from);
		return withheld.length;
	});
}
