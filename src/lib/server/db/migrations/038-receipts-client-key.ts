/**
 * Receipts without a foreign key to their client, on PostgreSQL (issue 21).
 *
 * PostgreSQL checks a foreign key with a trigger per inserted row: a push group's 500 receipts
 * made 500 lookups of the same client row, each taking a share lock on it — about 5 ms of every
 * group, a fifth of the database's work for the sync bench's push (8,400 mutations pushed from
 * node: 1.7–1.9 s with the key, 1.5–1.6 s without, on the machine of 2026-12-07). The key guarded
 * nothing the push does not already hold: receipts are written only by a push group, in the
 * transaction that has just registered (upserted) their client under the writer lock, and no code
 * deletes a client. SQLite checks the key inside the insert for the price of an index probe, and
 * dropping it there would mean rebuilding the table: there it stays.
 */
import { PostgresAdapter, sql, type Migration } from 'kysely';
import type { AnyDb } from './any-db';

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;

export const receiptsClientKey: Migration = {
	async up(db: AnyDb) {
		if (isPostgres(db)) await sql`alter table mutation_receipts drop constraint if exists mutation_receipts_client_id_fkey`.execute(db);
	},

	async down(db: AnyDb) {
		if (isPostgres(db))
			await sql`alter table mutation_receipts add constraint mutation_receipts_client_id_fkey foreign key (client_id) references clients (client_id)`.execute(
				db
			);
	}
};
