/**
 * PostgreSQL: texts the server repeats are sent as named statements (db/pg-named-statements.ts)
 * — prepared once per connection, answering as before, and recovering by themselves when a
 * schema change elsewhere invalidates them. PostgreSQL only: SQLite keeps its statements in
 * db/sqlite-dialect.ts.
 */
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFreshDatabase, testDatabases, type FreshDatabase } from './support/test-databases';

const postgres = testDatabases.find((d) => d.name === 'postgres')!;

interface Db {
	notes: { id: number; body: string };
}

describe.skipIf(postgres.skipReason !== null)('named statements on PostgreSQL', () => {
	let fresh: FreshDatabase;
	let db: Kysely<Db>;
	beforeAll(async () => {
		fresh = await createFreshDatabase('postgres');
		db = fresh.db as unknown as Kysely<Db>;
		await sql`create table notes (id integer primary key, body text not null)`.execute(db);
		await db
			.insertInto('notes')
			.values([1, 2, 3].map((id) => ({ id, body: `ghi chú ${id}` })))
			.execute();
	});
	afterAll(() => fresh?.destroy());

	/** Prepared statements of the connection `trx` runs on whose text reads from notes. */
	const preparedOn = async (trx: Kysely<Db>) =>
		(
			await sql<{ statement: string }>`select statement from pg_prepared_statements where statement like '%from "notes"%'`.execute(trx)
		).rows.map((r) => r.statement);

	it('prepares a text with parameters from its second use, once per connection, and answers each call with its own values', async () => {
		await db.transaction().execute(async (trx) => {
			const body = (id: number) => trx.selectFrom('notes').select('body').where('id', '=', id).executeTakeFirstOrThrow();
			expect(await body(1)).toEqual({ body: 'ghi chú 1' });
			expect(await preparedOn(trx)).toEqual([]);
			expect(await body(2)).toEqual({ body: 'ghi chú 2' });
			expect(await body(3)).toEqual({ body: 'ghi chú 3' });
			expect(await preparedOn(trx)).toEqual(['select "body" from "notes" where "id" = $1']);
		});
	});

	it('a text without parameters (DDL, BEGIN, COMMIT) is never prepared', async () => {
		await db.transaction().execute(async (trx) => {
			for (let i = 0; i < 3; i++) await sql`select count(*) from "notes"`.execute(trx);
			expect(await preparedOn(trx)).not.toContain('select count(*) from "notes"');
		});
	});

	it('after another process changes the table, a prepared "select *" fails once and then answers with the new columns', async () => {
		const all = (trx: Kysely<Db>) => trx.selectFrom('notes').selectAll().where('id', '=', 1).execute();
		await db.transaction().execute(async (trx) => {
			await all(trx);
			await all(trx);
			expect(await preparedOn(trx)).toContain('select * from "notes" where "id" = $1');
		});
		const other = new pg.Client({ connectionString: fresh.databaseUrl! });
		await other.connect();
		await other.query('alter table notes add column extra text');
		await other.end();
		// The pool hands out the same idle connection, which holds the stale statement.
		const first = await all(db).then(
			() => null,
			(error: { code?: string }) => error.code
		);
		expect(first).toBe('0A000');
		expect(await all(db)).toEqual([{ id: 1, body: 'ghi chú 1', extra: null }]);
	});
});
