/**
 * Accounts (issue 4): users, their sessions, and the hash-chained audit trail.
 *
 * Portable like 001: text, integer and bigint only, booleans as 0/1, times as ISO text, no
 * dialect-specific defaults or autoincrement. Audit seqs are handed out by the code under the
 * `audit_head` row lock, not by the database, so both dialects number them the same way.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

/** prev_hash of the first audit entry. */
const GENESIS_HASH = '0'.repeat(64);

export const accounts: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createTable('users')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('username', 'text', (c) => c.notNull().unique())
			.addColumn('display_name', 'text', (c) => c.notNull())
			.addColumn('role', 'text', (c) => c.notNull())
			.addColumn('province_code', 'integer')
			.addColumn('unit_code', 'integer')
			.addColumn('password_hash', 'text', (c) => c.notNull())
			.addColumn('disabled', 'integer', (c) => c.notNull())
			.addColumn('must_change_password', 'integer', (c) => c.notNull())
			.addColumn('created_at', 'text', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			.execute();

		await db.schema
			.createTable('sessions')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
			.addColumn('created_at', 'text', (c) => c.notNull())
			.addColumn('expires_at', 'text', (c) => c.notNull())
			.addColumn('last_seen_at', 'text', (c) => c.notNull())
			.execute();
		await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
		await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

		await db.schema
			.createTable('audit_log')
			.addColumn('seq', 'bigint', (c) => c.primaryKey())
			.addColumn('at', 'text', (c) => c.notNull())
			// No foreign key: entries outlive accounts, and failed logins name no account.
			.addColumn('actor_user_id', 'text')
			.addColumn('action', 'text', (c) => c.notNull())
			.addColumn('detail', 'text', (c) => c.notNull())
			.addColumn('prev_hash', 'text', (c) => c.notNull())
			.addColumn('hash', 'text', (c) => c.notNull())
			.execute();
		await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_user_id', 'seq']).execute();

		await db.schema
			.createTable('audit_head')
			.addColumn('id', 'integer', (c) => c.primaryKey())
			.addColumn('seq', 'bigint', (c) => c.notNull())
			.addColumn('hash', 'text', (c) => c.notNull())
			.execute();
		await db.insertInto('audit_head').values({ id: 1, seq: 0, hash: GENESIS_HASH }).execute();
	},

	async down(db: AnyDb) {
		for (const table of ['audit_head', 'audit_log', 'sessions', 'users']) {
			await db.schema.dropTable(table).execute();
		}
	}
};
