/**
 * Writes a push transaction sends without waiting (sync/sent-writes.ts) and a read after them.
 * Kysely runs a transaction's statements one at a time, but a statement issued a few microtasks
 * after the running one ends can go before one already waiting (its SingleConnectionProvider);
 * with better-sqlite3 every statement ends within microtasks, so the window is easy to hit. A
 * read that must see the writes sent before it therefore waits for them (`drain`): checked here
 * for every spacing of the read from 0 to 12 microtasks, with and without the wait.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SentWrites } from '$lib/server/sync/sent-writes';
import { createFreshDatabase, type FreshDatabase } from './support/test-databases';

interface Db {
	notes: { id: number };
}

const hops = async (n: number) => {
	for (let i = 0; i < n; i++) await Promise.resolve();
};

describe('a read after writes sent without waiting, on SQLite', () => {
	let fresh: FreshDatabase;
	let db: Kysely<Db>;
	beforeAll(async () => {
		fresh = await createFreshDatabase('sqlite');
		db = fresh.db as unknown as Kysely<Db>;
		await sql`create table notes (id integer primary key)`.execute(db);
	});
	afterAll(() => fresh?.destroy());

	/** Sends two inserts, reads `k` microtasks later (after `drain` when asked): does the read see the second? */
	async function seesSecond(k: number, drained: boolean): Promise<boolean> {
		const trx = await db.startTransaction().execute();
		try {
			const sent = new SentWrites();
			void sent.send(trx.insertInto('notes').values({ id: 1 }).execute());
			void sent.send(trx.insertInto('notes').values({ id: 2 }).execute());
			await hops(k);
			if (drained) await sent.drain();
			const rows = await trx.selectFrom('notes').select('id').execute();
			await sent.settle();
			return rows.some((r) => r.id === 2);
		} finally {
			await trx.rollback().execute();
		}
	}

	it('sees every write sent before it once it waits for them, however soon it is issued', async () => {
		const spacings = Array.from({ length: 13 }, (_, k) => k);
		const drained = [];
		for (const k of spacings) drained.push(await seesSecond(k, true));
		expect(drained).toEqual(spacings.map(() => true));
		// Without the wait, what Kysely does (printed, not held: it is the library's to change).
		const undrained = [];
		for (const k of spacings) undrained.push(await seesSecond(k, false));
		console.log(`[sent-writes] read issued k microtasks after two sent inserts saw the second, without drain: ${undrained.join(' ')}`);
	});
});
