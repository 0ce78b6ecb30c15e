/**
 * Blob quotas and clean-up (issue 14, must-show 6). Each upload row now keeps the size of the
 * bytes (the per-user daily quota sums it) and, when the device names it, the inspection the
 * bytes are for (the per-record quota counts bytes uploaded for a record before the mutation that
 * attaches them arrives). Rows written before this migration have neither and count as 0.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const blobQuotas: Migration = {
	async up(db: AnyDb) {
		await db.schema.alterTable('blob_uploads').addColumn('size', 'integer').execute();
		await db.schema.alterTable('blob_uploads').addColumn('inspection_id', 'text').execute();
		await db.schema.createIndex('blob_uploads_user_time').on('blob_uploads').columns(['user_id', 'uploaded_at']).execute();
		await db.schema.createIndex('blob_uploads_inspection').on('blob_uploads').column('inspection_id').execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropIndex('blob_uploads_inspection').execute();
		await db.schema.dropIndex('blob_uploads_user_time').execute();
		await db.schema.alterTable('blob_uploads').dropColumn('inspection_id').execute();
		await db.schema.alterTable('blob_uploads').dropColumn('size').execute();
	}
};
