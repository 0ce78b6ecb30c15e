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
 */
import type { Mutation } from '$lib/domain/protocol';
import type { AppDb, BlobFailure, StoredBlob } from '../app-db';
import { renumberPending } from './renumber';
import { RequestRefusedError, type SyncTransport } from './transport';

export interface UploadProgress {
	files: number;
	filesDone: number;
	bytes: number;
	bytesDone: number;
}

/** A refusal that is about these bytes, so retrying them can never succeed. */
function refusalOfBytes(error: unknown): error is RequestRefusedError {
	return error instanceof RequestRefusedError && error.status >= 400 && error.status < 500 && ![401, 403, 408, 429].includes(error.status);
}

/**
 * Uploads every blob not yet confirmed by the server and not refused before. Returns how many
 * were tried. Throws on a transient or session failure (nothing is marked; the next round goes on).
 */
export async function uploadPendingBlobs(db: AppDb, transport: SyncTransport, onProgress?: (p: UploadProgress) => void): Promise<number> {
	const pending: StoredBlob[] = (await db.blobs.where('uploaded').equals(0).toArray()).filter((b) => !b.failure);
	const progress: UploadProgress = {
		files: pending.length,
		filesDone: 0,
		bytes: pending.reduce((n, b) => n + b.size, 0),
		bytesDone: 0
	};
	onProgress?.({ ...progress });
	for (const blob of pending) {
		const before = progress.bytesDone;
		try {
			if (!(await transport.hasBlob(blob.sha256)))
				await transport.putBlob(blob.sha256, blob.bytes, blob.mime, (sent) => {
					progress.bytesDone = before + sent;
					onProgress?.({ ...progress });
				});
			await db.blobs.update(blob.sha256, { uploaded: 1 });
		} catch (error) {
			if (!refusalOfBytes(error)) throw error;
			const failure: BlobFailure = { code: error.code, message: error.message, status: error.status, at: new Date().toISOString() };
			await db.blobs.update(blob.sha256, { failure });
		}
		progress.filesDone++;
		progress.bytesDone = before + blob.size;
		onProgress?.({ ...progress });
	}
	return pending.length;
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
