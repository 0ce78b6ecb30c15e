/** Counts the sync panel shows, read live from the device database. */
import type { AppDb, OutboxEntry, QuarantinedRow } from '../app-db';

export interface FailedBlob {
	sha256: string;
	/** The server's code (e.g. `blob_too_large`) and its message for people. */
	code: string;
	message: string;
}

/** A photo or signature still on the device only, named for people (issue 20: the sync panel's per-photo list). */
export interface WaitingBlob {
	sha256: string;
	size: number;
	kind: 'photo' | 'signature' | 'other';
	/** The item a photo shows; null for a photo of the record as a whole, a signature, or a fix report's photo. */
	itemId: string | null;
}

export interface SyncCounts {
	pending: number;
	/** Bytes still to upload; refused ones are not counted (they are in `failedBlobs`). */
	pendingBlobs: number;
	failedBlobs: FailedBlob[];
	rejected: OutboxEntry[];
	/** Pulled rows the device set aside because they failed the protocol's schema. */
	quarantined: QuarantinedRow[];
	/** The bytes still to upload, one by one (refused ones are in `failedBlobs`). */
	waitingBlobs: WaitingBlob[];
}

export async function syncCounts(db: AppDb): Promise<SyncCounts> {
	const [pending, notUploaded, failed, rejected, quarantined] = await Promise.all([
		db.outbox.where('state').equals('pending').count(),
		db.blobs.where('uploaded').equals(0).count(),
		db.blobs.where('failure.code').above('').toArray(),
		db.outbox.where('state').equals('rejected').toArray(),
		quarantinedRows(db)
	]);
	const failedBlobs = failed.map((b) => ({ sha256: b.sha256, code: b.failure!.code, message: b.failure!.message }));
	const waitingBlobs = await waitingBlobsOf(db, new Set(failed.map((b) => b.sha256)));
	return {
		pending,
		pendingBlobs: notUploaded - failed.filter((b) => b.uploaded === 0).length,
		failedBlobs,
		rejected,
		quarantined,
		waitingBlobs
	};
}

/**
 * The blobs not yet uploaded nor refused, named by what they are: read through the keys and the
 * photo and signature rows, never the bytes themselves (this query runs on every change).
 */
async function waitingBlobsOf(db: AppDb, failed: Set<string>): Promise<WaitingBlob[]> {
	const hashes = (await db.blobs.where('uploaded').equals(0).primaryKeys()).filter((sha) => !failed.has(sha));
	if (hashes.length === 0) return [];
	const photos = new Map((await db.photos.where('sha256').anyOf(hashes).toArray()).map((p) => [p.sha256, p]));
	const signatures = new Map((await db.signatures.toArray()).flatMap((s) => (!s.refused ? ([[s.sha256, s]] as const) : [])));
	return hashes.map((sha256) => {
		const photo = photos.get(sha256);
		if (photo) return { sha256, size: photo.size, kind: 'photo', itemId: photo.itemId };
		const signature = signatures.get(sha256);
		if (signature && !signature.refused) return { sha256, size: signature.size, kind: 'signature', itemId: null };
		return { sha256, size: 0, kind: 'other', itemId: null };
	});
}

/** The pulled rows set aside as invalid (pulled-rows.ts), kept here so the sync panel reads them without the protocol's schemas. */
export async function quarantinedRows(db: AppDb): Promise<QuarantinedRow[]> {
	const row = await db.meta.get('quarantine');
	return row?.key === 'quarantine' && Array.isArray(row.value) ? row.value : [];
}
