/** Counts the sync panel shows, read live from the device database. */
import type { AppDb, OutboxEntry, QuarantinedRow } from '../app-db';
import { quarantinedRows } from './pulled-rows';

export interface SyncCounts {
	pending: number;
	pendingBlobs: number;
	rejected: OutboxEntry[];
	/** Pulled rows the device set aside because they failed the protocol's schema. */
	quarantined: QuarantinedRow[];
}

export async function syncCounts(db: AppDb): Promise<SyncCounts> {
	const [pending, pendingBlobs, rejected, quarantined] = await Promise.all([
		db.outbox.where('state').equals('pending').count(),
		db.blobs.where('uploaded').equals(0).count(),
		db.outbox.where('state').equals('rejected').toArray(),
		quarantinedRows(db)
	]);
	return { pending, pendingBlobs, rejected, quarantined };
}
