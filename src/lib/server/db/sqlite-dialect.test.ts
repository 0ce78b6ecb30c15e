import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serverSqliteDialect, StatementCache } from './sqlite-dialect';

interface Db {
	notes: { id: number; body: string };
}

const opened: Kysely<Db>[] = [];

async function open(file = new SQLite(':memory:')) {
	const db = new Kysely<Db>({ dialect: serverSqliteDialect(file) });
	opened.push(db);
	await sql`create table notes (id integer primary key, body text not null)`.execute(db);
	return { db, prepare: vi.spyOn(file, 'prepare') };
}

afterEach(async () => {
	for (const db of opened.splice(0)) await db.destroy();
});

describe('the server SQLite dialect', () => {
	it('prepares each SQL text once and answers every call from it', async () => {
		const { db, prepare } = await open();
		for (let id = 1; id <= 5; id++)
			await db
				.insertInto('notes')
				.values({ id, body: `note ${id}` })
				.execute();
		for (let id = 1; id <= 5; id++)
			expect(await db.selectFrom('notes').select('body').where('id', '=', id).executeTakeFirst()).toEqual({ body: `note ${id}` });
		expect(prepare).toHaveBeenCalledTimes(2);
	});

	it('keeps the most recently used texts and drops the oldest past its size', () => {
		const file = new SQLite(':memory:');
		const cache = new StatementCache(file, 2);
		const prepare = vi.spyOn(file, 'prepare');
		const one = cache.prepare('select 1');
		cache.prepare('select 2');
		expect(cache.prepare('select 1')).toBe(one); // now the most recent
		cache.prepare('select 3'); // drops "select 2"
		expect(cache.prepare('select 1')).toBe(one);
		cache.prepare('select 2');
		expect(prepare.mock.calls.map(([text]) => text)).toEqual(['select 1', 'select 2', 'select 3', 'select 2']);
		cache.close();
		expect(file.open).toBe(false);
	});

	it('a kept statement sees a schema change, and serves a streamed select and a plain one in turn', async () => {
		const { db } = await open();
		await db.insertInto('notes').values({ id: 1, body: 'một' }).execute();
		const all = () => db.selectFrom('notes').selectAll().orderBy('id').execute();
		expect(await all()).toEqual([{ id: 1, body: 'một' }]);
		await sql`alter table notes add column extra text`.execute(db);
		expect(await all()).toEqual([{ id: 1, body: 'một', extra: null }]);
		await db.insertInto('notes').values({ id: 2, body: 'hai' }).execute();
		const streamed: unknown[] = [];
		for await (const row of db.selectFrom('notes').select('body').orderBy('id').stream()) streamed.push(row);
		expect(streamed).toEqual([{ body: 'một' }, { body: 'hai' }]);
		expect((await all()).length).toBe(2);
	});

	it('a transaction still rolls back, and a failed statement leaves the kept ones usable', async () => {
		const { db } = await open();
		await expect(
			db.transaction().execute(async (trx) => {
				await trx.insertInto('notes').values({ id: 1, body: 'gone' }).execute();
				throw new Error('stop');
			})
		).rejects.toThrow('stop');
		await db.insertInto('notes').values({ id: 1, body: 'kept' }).execute();
		await expect(db.insertInto('notes').values({ id: 1, body: 'again' }).execute()).rejects.toThrow(/UNIQUE/);
		await db.insertInto('notes').values({ id: 2, body: 'next' }).execute();
		expect(await db.selectFrom('notes').select('body').orderBy('id').execute()).toEqual([{ body: 'kept' }, { body: 'next' }]);
	});
});
