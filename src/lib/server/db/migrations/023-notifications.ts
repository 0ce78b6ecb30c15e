/**
 * In-app notifications and their outgoing webhook (issue 18, must-show 6; docs/notifications.md).
 *
 * A notification is addressed to an audience, not to accounts: the commune's ward accounts
 * (`audience` 'ward', `unit_code`) or the province's reviewers ('reviewers', `province_code`).
 * An account opened later still sees what its unit was told; who has read what is one row per
 * (notification, account) in `notification_reads`.
 *
 * `webhook_deliveries` is the outbox of the province's webhook: written in the transaction that
 * made the notification, sent after it commits, retried with back-off, never in the request.
 * Portable like 014: integer and text only, times as ISO text.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const notifications: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createTable('notifications')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('kind', 'text', (c) => c.notNull())
			.addColumn('audience', 'text', (c) => c.notNull())
			.addColumn('province_code', 'integer', (c) => c.notNull())
			.addColumn('unit_code', 'integer', (c) => c.notNull())
			.addColumn('inspection_id', 'text')
			.addColumn('finding_id', 'text')
			.addColumn('data', 'text', (c) => c.notNull())
			.addColumn('created_at', 'text', (c) => c.notNull())
			.execute();
		await db.schema.createIndex('notifications_unit').on('notifications').columns(['unit_code', 'audience', 'created_at']).execute();
		await db.schema
			.createIndex('notifications_province')
			.on('notifications')
			.columns(['province_code', 'audience', 'created_at'])
			.execute();
		await db.schema
			.createTable('notification_reads')
			.addColumn('notification_id', 'text', (c) => c.notNull())
			.addColumn('user_id', 'text', (c) => c.notNull())
			.addColumn('read_at', 'text', (c) => c.notNull())
			.addPrimaryKeyConstraint('notification_reads_pk', ['notification_id', 'user_id'])
			.execute();
		await db.schema
			.createTable('webhook_deliveries')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('province_code', 'integer', (c) => c.notNull())
			.addColumn('payload', 'text', (c) => c.notNull())
			.addColumn('attempts', 'integer', (c) => c.notNull())
			.addColumn('next_attempt_at', 'text', (c) => c.notNull())
			.addColumn('delivered_at', 'text')
			.addColumn('failed_at', 'text')
			.addColumn('last_error', 'text')
			.execute();
		await db.schema
			.createIndex('webhook_deliveries_due')
			.on('webhook_deliveries')
			.columns(['delivered_at', 'failed_at', 'next_attempt_at'])
			.execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropTable('webhook_deliveries').execute();
		await db.schema.dropTable('notification_reads').execute();
		await db.schema.dropTable('notifications').execute();
	}
};
