/** Counts the sync panel shows, read live from the device database. */
import type { AppDb, OutboxEntry, QuarantinedRow } from '../app-db';
import { quarantinedRows } from './pulled-rows';

export interface FailedBlob {
	sha256: string;
	/** The server's code (e.g. `blob_too_large`) and its message for people. */
	code: string;
	message: string;
}

export interface SyncCounts {
	pending: number;
	/** Bytes still to upload; refused ones are not counted (they are in `failedBlobs`). */
	pendingBlobs: number;
	failedBlobs: FailedBlob[];
	rejected: OutboxEntry[];
	/** Pulled rows the device set aside because they failed the protocol's schema. */
	quarantined: QuarantinedRow[];
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
	return { pending, pendingBlobs: notUploaded - failed.filter((b) => b.uploaded === 0).length, failedBlobs, rejected, quarantined };
}
