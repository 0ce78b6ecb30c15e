/**
 * Who uploaded which bytes (issue 13). A blob is served only to users who may see a record that
 * references it, and to whoever uploaded it: the device uploads bytes before it pushes the
 * mutation that references them, and must be able to ask (HEAD) whether its own fresh upload
 * arrived. No foreign key to users: the row records who sent the bytes, and outlives the account.
 *
 * Signatures get an index on their hash, as photos have had since 001, so the access check is
 * two index lookups.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const blobUploads: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createTable('blob_uploads')
			.addColumn('sha256', 'text', (c) => c.notNull())
			.addColumn('user_id', 'text', (c) => c.notNull())
			.addColumn('uploaded_at', 'text', (c) => c.notNull())
			.addPrimaryKeyConstraint('blob_uploads_pk', ['sha256', 'user_id'])
			.execute();
		await db.schema.createIndex('signatures_sha256').on('signatures').column('sha256').execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropIndex('signatures_sha256').execute();
		await db.schema.dropTable('blob_uploads').execute();
	}
};
