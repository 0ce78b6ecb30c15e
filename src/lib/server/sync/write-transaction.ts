/**
 * Every write to the synced tables goes through here, so that the change log's versions follow
 * commit order and a pull cursor can never step over a row that commits late.
 *
 * How: the transaction first updates the single `sync_counter` row. On PostgreSQL that row
 * lock is held until commit, so writers queue behind each other; on SQLite the transaction is
 * BEGIN IMMEDIATE (and the process has one connection), which serializes them the same way.
 * While holding it, the writer numbers its changes after the counter's value and, just before
 * commit, moves the counter past them. A transaction that gets version v therefore commits
 * after every transaction with a smaller version, and a reader who has seen v has seen them all.
 */
import type { ControlledTransaction, Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { ChangeLog } from './change-log';

export interface WriteScope {
	trx: ControlledTransaction<Database>;
	log: ChangeLog;
	/** Server time for this transaction (updated_at, applied_at, recorded_at). */
	now: string;
}

/** Inserting in chunks keeps each statement well below SQLite's bound-parameter limit. */
const INSERT_CHUNK = 200;

/**
 * Runs `work` in one transaction holding the writer lock, writes the changes it logged, and
 * commits. If `work` or the commit throws, nothing of it stays (the counter included).
 */
export async function writeTransaction<T>(db: Kysely<Database>, work: (scope: WriteScope) => Promise<T>): Promise<T> {
	const trx = await db.startTransaction().execute();
	try {
		// A no-op update: it takes the row lock (PostgreSQL) before anything is read, so every
		// check the work makes sees the state no other writer can change until we commit.
		const { value } = await trx
			.updateTable('sync_counter')
			.set((eb) => ({ value: eb.ref('value') }))
			.where('id', '=', 1)
			.returning('value')
			.executeTakeFirstOrThrow();
		const now = new Date().toISOString();
		const log = new ChangeLog(Number(value) + 1, now);
		const result = await work({ trx, log, now });
		if (log.rows.length > 0) {
			await trx
				.updateTable('sync_counter')
				.set((eb) => ({ value: eb('value', '+', log.rows.length) }))
				.where('id', '=', 1)
				.execute();
			for (let i = 0; i < log.rows.length; i += INSERT_CHUNK) {
				await trx
					.insertInto('changes')
					.values(log.rows.slice(i, i + INSERT_CHUNK))
					.execute();
			}
		}
		await trx.commit().execute();
		return result;
	} catch (error) {
		await trx
			.rollback()
			.execute()
			.catch(() => {
				// The connection may be gone (that is often why we are here); the database rolls
				// back an unfinished transaction on its own.
			});
		throw error;
	}
}
