import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from './open-database';
import { serverSqliteDialect, StatementCache } from './sqlite-dialect';
import { WalSync, type LogSync } from './wal-sync';
import { settledYet } from '../../../../tests/support/settled-yet';

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

/** A log whose syncs the test counts and, once `held`, lets finish only when it says. */
function heldLog() {
	const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
	const log: LogSync & { syncs: number; held: boolean; finish(): void; fail(error: Error): void } = {
		syncs: 0,
		held: false,
		sync() {
			log.syncs++;
			return log.held ? new Promise<void>((resolve, reject) => pending.push({ resolve, reject })) : Promise.resolve();
		},
		close() {},
		finish() {
			for (const { resolve } of pending.splice(0)) resolve();
		},
		fail(error) {
			for (const { reject } of pending.splice(0)) reject(error);
		}
	};
	return log;
}

describe('a commit answered only once the log is on the disk (issue 21)', () => {
	async function openHeld() {
		const log = heldLog();
		const file = new SQLite(':memory:');
		const db = new Kysely<Db>({ dialect: serverSqliteDialect(file, log) });
		opened.push(db);
		await sql`create table notes (id integer primary key, body text not null)`.execute(db);
		log.syncs = 0;
		log.held = true;
		return { db, log, file };
	}

	it('holds a transaction until its sync, once; a read meanwhile runs but is answered only after it', async () => {
		const { db, log } = await openHeld();
		const committed = db.transaction().execute(async (trx) => {
			await trx.insertInto('notes').values({ id: 1, body: 'một' }).execute();
			await trx.insertInto('notes').values({ id: 2, body: 'hai' }).returning('id').execute();
			expect(log.syncs).toBe(0);
		});
		expect(await settledYet(committed)).toBe(false);
		expect(log.syncs).toBe(1);
		// It sees the rows the commit wrote, so it must not be answered before they are durable.
		const read = db.selectFrom('notes').select('id').execute();
		expect(await settledYet(read)).toBe(false);
		log.finish();
		await committed;
		expect(await read).toEqual([{ id: 1 }, { id: 2 }]);
		expect(log.syncs).toBe(1);
		// With nothing written since, a read waits for no flush.
		expect(await settledYet(db.selectFrom('notes').select('id').execute())).toBe(true);
		expect(log.syncs).toBe(1);
	});

	it('lets the next writers run while a flush is under way, and answers them with one flush after it', async () => {
		const { db, log, file } = await openHeld();
		// As the push's writer does it (sync/write-transaction.ts): a controlled transaction.
		const write = async (id: number) => {
			const trx = await db.startTransaction().execute();
			await trx
				.insertInto('notes')
				.values({ id, body: `note ${id}` })
				.execute();
			await trx.commit().execute();
		};
		const first = write(1);
		expect(await settledYet(first)).toBe(false);
		expect(log.syncs).toBe(1);
		// Not queued behind the first one's flush: both commit while it is under way…
		const later = [write(2), write(3)];
		expect(await settledYet(Promise.all(later))).toBe(false);
		expect(log.syncs).toBe(1);
		expect(file.prepare('select count(*) as n from notes').get()).toEqual({ n: 3 });
		// …and neither is answered by it: it began before they wrote.
		log.finish();
		await first;
		expect(await settledYet(Promise.all(later))).toBe(false);
		expect(log.syncs).toBe(2);
		log.finish();
		await Promise.all(later);
		expect(log.syncs).toBe(2);
		expect(await db.selectFrom('notes').select('id').orderBy('id').execute()).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
	});

	it('a flush that fails fails the commit it answers, undoes nothing, and leaves the connection to the next caller', async () => {
		const { db, log } = await openHeld();
		const committed = db.transaction().execute((trx) => trx.insertInto('notes').values({ id: 1, body: 'một' }).execute());
		expect(await settledYet(committed)).toBe(false);
		log.fail(new Error('EIO: the disk failed'));
		await expect(committed).rejects.toThrow('EIO');
		log.held = false;
		// Committed before the flush (a device resends it, and its receipt answers); the connection is free.
		expect(await db.selectFrom('notes').select('id').execute()).toEqual([{ id: 1 }]);
		await db.insertInto('notes').values({ id: 2, body: 'hai' }).execute();
		expect(log.syncs).toBe(3);
	});

	it('holds a statement on its own that writes, RETURNING or not; reads and a rollback go without', async () => {
		const { db, log } = await openHeld();
		const inserted = db.insertInto('notes').values({ id: 1, body: 'một' }).returning('id').execute();
		expect(await settledYet(inserted)).toBe(false);
		log.finish();
		expect(await inserted).toEqual([{ id: 1 }]);
		const updated = sql`update notes set body = 'một nữa'`.execute(db);
		expect(await settledYet(updated)).toBe(false);
		log.finish();
		await updated;
		expect(log.syncs).toBe(2);

		expect(await db.selectFrom('notes').select('body').execute()).toEqual([{ body: 'một nữa' }]);
		expect((await sql<{ n: number }>`select count(*) as n from notes`.execute(db)).rows).toEqual([{ n: 1 }]);
		await expect(
			db.transaction().execute(async (trx) => {
				await trx.insertInto('notes').values({ id: 2, body: 'gone' }).execute();
				throw new Error('stop');
			})
		).rejects.toThrow('stop');
		expect(log.syncs).toBe(2);
	});

	it('a failed commit is not synced and fails its caller', async () => {
		const { db, log } = await openHeld();
		log.held = false;
		await sql`create table parent (id integer primary key)`.execute(db);
		await sql`create table child (id integer primary key, parent integer references parent(id) deferrable initially deferred)`.execute(db);
		await sql`pragma foreign_keys = on`.execute(db);
		log.syncs = 0;
		// A deferred foreign key is checked at COMMIT, which then fails.
		await expect(
			db.transaction().execute(async (trx) => {
				await sql`insert into child (id, parent) values (1, 99)`.execute(trx);
			})
		).rejects.toThrow(/FOREIGN KEY/);
		expect(log.syncs).toBe(0);
	});
});

describe('the server SQLite file', () => {
	const dirs: string[] = [];
	afterEach(() => {
		for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
	});

	it('runs a write-ahead log with synchronous = NORMAL, and syncs that log after each commit', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'ktmc-wal-'));
		dirs.push(dir);
		const sync = vi.spyOn(WalSync.prototype, 'sync');
		const server = openDatabase({ dataDir: dir });
		const { db } = server;
		try {
			const pragma = async (name: string) => (await sql.raw(`pragma ${name}`).execute(db)).rows[0];
			expect(await pragma('journal_mode')).toEqual({ journal_mode: 'wal' });
			expect(await pragma('synchronous')).toEqual({ synchronous: 1 });
			await sql`create table notes (id integer primary key)`.execute(db);
			sync.mockClear();
			await db.transaction().execute((trx) => sql`insert into notes (id) values (1)`.execute(trx));
			expect(sync).toHaveBeenCalledTimes(1);
			// The real flush ran and answered (fdatasync on the log): a second write after it works too.
			await expect(sync.mock.results[0]!.value).resolves.toBeUndefined();
			await sql`insert into notes (id) values (2)`.execute(db);
			expect(sync).toHaveBeenCalledTimes(2);
		} finally {
			sync.mockRestore();
			await server.close();
		}
	});

	it('a log not yet written needs no flush', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'ktmc-wal-'));
		dirs.push(dir);
		await expect(new WalSync(join(dir, 'none.sqlite-wal')).sync()).resolves.toBeUndefined();
	});
});
