/**
 * On SQLite the writer queue does not wait for a commit's flush to start its next transaction
 * (issue 21: sync/write-transaction.ts `drain`, db/wal-sync.ts): the next batch of pushes runs
 * while the disk flushes the last, and neither is answered before its own flush is done.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { migrateToLatest, openDatabase, type AppDatabase } from '$lib/server/db';
import { WalSync } from '$lib/server/db/wal-sync';
import { SHARED_WEIGHT, sharedWriteTransaction } from '$lib/server/sync/write-transaction';
import { settledYet } from '../support/settled-yet';

describe('the SQLite writer queue and the log flush', () => {
	const opened: AppDatabase[] = [];
	const dirs: string[] = [];
	afterEach(async () => {
		vi.restoreAllMocks();
		for (const database of opened.splice(0)) await database.close();
		for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
	});

	it('runs the next batch while the last one is flushed, and answers each after its own flush', async () => {
		const dataDir = await mkdtemp(join(tmpdir(), 'kiem-tra-flush-'));
		dirs.push(dataDir);
		const database = openDatabase({ dataDir });
		opened.push(database);
		const { db } = database;
		await migrateToLatest(db);

		const flushes: (() => void)[] = [];
		vi.spyOn(WalSync.prototype, 'sync').mockImplementation(() => new Promise<void>((resolve) => flushes.push(resolve)));
		const ran: string[] = [];
		// Each as heavy as a whole shared transaction, so they cannot share one.
		const first = sharedWriteTransaction(db, () => Promise.resolve(ran.push('first')), SHARED_WEIGHT);
		const second = sharedWriteTransaction(db, () => Promise.resolve(ran.push('second')), SHARED_WEIGHT);

		expect(await settledYet(first)).toBe(false);
		// The first one's flush has not finished, yet the second batch has run and committed.
		expect(ran).toEqual(['first', 'second']);
		expect(flushes.length).toBe(1);
		expect(await settledYet(second)).toBe(false);

		flushes.shift()!();
		expect(await first).toBe(1);
		// The second commit came after the first flush began: it waits for a flush of its own.
		expect(await settledYet(second)).toBe(false);
		expect(flushes.length).toBe(1);
		flushes.shift()!();
		expect(await second).toBe(2);
	});
});
