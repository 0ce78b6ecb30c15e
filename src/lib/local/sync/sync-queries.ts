/** Counts the sync panel shows, read live from the device database. */
import type { AppDb, OutboxEntry } from '../app-db';

export interface SyncCounts {
	pending: number;
	pendingBlobs: number;
	rejected: OutboxEntry[];
}

export async function syncCounts(db: AppDb): Promise<SyncCounts> {
	const [pending, pendingBlobs, rejected] = await Promise.all([
		db.outbox.where('state').equals('pending').count(),
		db.blobs.where('uploaded').equals(0).count(),
		db.outbox.where('state').equals('rejected').toArray()
	]);
	return { pending, pendingBlobs, rejected };
}
