/** Runs `work` in the caller's transaction when given one, else in a new one. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

export function inTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
	if (db.isTransaction) return work(db);
	return db.transaction().execute((trx: Transaction<Database>) => work(trx));
}

/** A UNIQUE constraint said no (SQLite or PostgreSQL): someone else inserted the same key first. */
export function isUniqueViolation(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
