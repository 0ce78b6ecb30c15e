import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { insertRows, preparedListQuery, preparedListsQuery, preparedQuery } from './prepared-queries';
import type { Database } from './schema';
import { serverSqliteDialect } from './sqlite-dialect';

const opened: Kysely<Database>[] = [];

/** A database with the two columns these tests use of `mutation_receipts`. */
async function open() {
	const db = new Kysely<Database>({ dialect: serverSqliteDialect(new SQLite(':memory:')) });
	opened.push(db);
	await sql`create table mutation_receipts (mutation_id text primary key, client_id text not null, seq integer, name text, result text, applied_at text)`.execute(
		db
	);
	return db;
}

afterEach(async () => {
	for (const db of opened.splice(0)) await db.destroy();
});

const receipt = (id: string, seq: number) => ({
	mutation_id: id,
	client_id: 'c1',
	seq,
	name: 'answerItem',
	result: '{}',
	applied_at: 'now'
});

describe('prepared queries', () => {
	it('compile once and answer each call with its own values, as Kysely would', async () => {
		const db = await open();
		await insertRows(db, 'mutation_receipts', [receipt('m1', 1), receipt('m2', 2)]);
		await insertRows(db, 'mutation_receipts', [receipt('m3', 3), receipt('m4', 4)]);
		const bySeq = preparedQuery('receipt by seq', ['client', 'seq'], (k, v: { client: string; seq: number }) =>
			k.selectFrom('mutation_receipts').select(['mutation_id', 'seq']).where('client_id', '=', v.client).where('seq', '=', v.seq)
		);
		expect(await bySeq(db, { client: 'c1', seq: 3 })).toEqual([{ mutation_id: 'm3', seq: 3 }]);
		const compile = vi.spyOn(db.getExecutor(), 'compileQuery');
		expect(await bySeq(db, { client: 'c1', seq: 1 })).toEqual([{ mutation_id: 'm1', seq: 1 }]);
		expect(await bySeq(db, { client: 'c2', seq: 1 })).toEqual([]);
		expect(compile).not.toHaveBeenCalled();

		const byIds = preparedListQuery('receipts by id', (k, ids) =>
			k.selectFrom('mutation_receipts').select('mutation_id').where('mutation_id', 'in', ids).orderBy('mutation_id')
		);
		expect(await byIds(db, ['m4', 'm1'])).toEqual([{ mutation_id: 'm1' }, { mutation_id: 'm4' }]);
		expect(await byIds(db, ['m2', 'm9'])).toEqual([{ mutation_id: 'm2' }]);
		expect(await byIds(db, ['m3'])).toEqual([{ mutation_id: 'm3' }]);

		const byIdsAndSeqs = preparedListsQuery('receipts by id and seq', (k, [ids, seqs]) =>
			k
				.selectFrom('mutation_receipts')
				.select('mutation_id')
				.where('mutation_id', 'in', ids!)
				.where('seq', 'in', seqs as unknown as number[])
				.orderBy('mutation_id')
		);
		expect(
			await byIdsAndSeqs(db, [
				['m1', 'm2', 'm3'],
				[2, 3]
			])
		).toEqual([{ mutation_id: 'm2' }, { mutation_id: 'm3' }]);
		expect(
			await byIdsAndSeqs(db, [
				['m4', 'm2', 'm3'],
				[4, 1]
			])
		).toEqual([{ mutation_id: 'm4' }]);
	});

	it('works inside a transaction, which rolls back like any other statement', async () => {
		const db = await open();
		const trx = await db.startTransaction().execute();
		await insertRows(trx, 'mutation_receipts', [receipt('m1', 1)]);
		await trx.rollback().execute();
		expect(await db.selectFrom('mutation_receipts').selectAll().execute()).toEqual([]);
	});

	it('refuses a query whose values Kysely would write into its SQL instead of binding them', async () => {
		const db = await open();
		const inlined = preparedQuery('inlined', ['seq'], (k, v: { seq: number }) =>
			k.selectFrom('mutation_receipts').select('mutation_id').where('seq', '=', sql.lit(v.seq))
		);
		await expect(inlined(db, { seq: 1 })).rejects.toThrow(/not bound as parameters/);
	});

	it('inserts rows with an undefined value the way Kysely does, and refuses rows of different columns', async () => {
		const db = await open();
		await insertRows(db, 'mutation_receipts', [{ ...receipt('m1', 1), name: undefined } as never]);
		expect(await db.selectFrom('mutation_receipts').select(['mutation_id', 'name']).execute()).toEqual([{ mutation_id: 'm1', name: null }]);
		const { seq: _seq, ...withoutSeq } = receipt('m3', 3);
		await expect(insertRows(db, 'mutation_receipts', [receipt('m2', 2), withoutSeq as never])).rejects.toThrow(/different columns/);
	});

	it('builds afresh for a Kysely instance with plugins, which rewrite queries as they compile', async () => {
		const db = await open();
		await insertRows(db, 'mutation_receipts', [receipt('m1', 1)]);
		const ids = preparedListQuery('receipt ids', (k, list) =>
			k.selectFrom('mutation_receipts').select('mutation_id').where('mutation_id', 'in', list)
		);
		expect(await ids(db, ['m1'])).toEqual([{ mutation_id: 'm1' }]);
		const inMain = db.withSchema('main');
		const run = vi.spyOn(inMain.getExecutor(), 'executeQuery');
		expect(await ids(inMain, ['m1'])).toEqual([{ mutation_id: 'm1' }]);
		expect(run.mock.calls[0]![0].sql).toContain('"main"."mutation_receipts"');
	});
});
