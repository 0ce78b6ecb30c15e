/**
 * SQLite in trouble under the real routes, for real: another connection holds the write lock
 * past busy_timeout (busy), another process holds the file with BEGIN EXCLUSIVE (locked; in WAL
 * mode nothing can keep readers out, so that is the write lock again, and SQLITE_LOCKED proper
 * needs a shared cache the app does not use — transient-errors.test.ts covers its code), the
 * engine refuses to grow the file (max_page_count: a genuine SQLITE_FULL), and a filesystem that
 * is genuinely full (an 8 MiB tmpfs, when this process may mount one).
 *
 * Each time the device is told 503 with its own code and Retry-After, nothing of the push is
 * half-written (no receipt, no change row), and once the trouble clears the same push is
 * applied, and sending it again changes nothing (exactly once).
 */
import { execFile, spawn } from 'node:child_process';
import { openSync, writeSync, closeSync } from 'node:fs';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '$lib/domain/protocol';
import { closeDatabase, getDatabase } from '$lib/server/db';
import { OutageDevice } from './support/outage-device';

const run = promisify(execFile);
const newDevice = () => new OutageDevice('sqlite-trouble-inspector');

/** The answer while the trouble lasts, then the same push once it has cleared, twice. */
async function expectRefusedThenAppliedOnce(
	client: OutageDevice,
	batch: Mutation[],
	trouble: { code: string; retryAfter: string; clear: () => Promise<void> | void }
) {
	const before = await client.serverCounts();
	const refused = await client.push(batch);
	expect(refused.status).toBe(503);
	expect(refused.headers.get('retry-after')).toBe(trouble.retryAfter);
	expect(await refused.json()).toMatchObject({ error: { code: trouble.code } });
	// Nothing half-written: not one receipt, not one change row of the batch.
	expect(await client.serverCounts()).toEqual(before);

	await trouble.clear();
	const applied = await client.push(batch);
	expect(applied.status).toBe(200);
	const results = (await applied.json()).results as { status: string }[];
	expect(results.map((r) => r.status)).toEqual(batch.map(() => 'applied'));
	const after = await client.serverCounts();
	expect(after.receipts - before.receipts).toBe(batch.length);
	expect(after.changes - before.changes).toBe(batch.length);
	// The device did not hear the answer and sends the batch again: stored results, no effect.
	expect((await client.push(batch)).status).toBe(200);
	expect(await client.serverCounts()).toEqual(after);
}

/** Points the process-wide database at a SQLite file in `dataDir` and opens it. */
async function useServerSqlite(dataDir: string) {
	await closeDatabase();
	delete process.env.DATABASE_URL;
	process.env.DATA_DIR = dataDir;
	return getDatabase();
}

const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
afterAll(async () => {
	await closeDatabase();
	for (const [key, value] of Object.entries(saved)) {
		if (value === undefined) delete process.env[key];
		else process.env[key] = value;
	}
});

describe('SQLite busy, locked and full', () => {
	let dataDir: string;
	beforeAll(async () => {
		dataDir = await mkdtemp(join(tmpdir(), 'kiem-tra-sqlite-trouble-'));
		await useServerSqlite(dataDir);
	});
	afterAll(async () => {
		await closeDatabase();
		await rm(dataDir, { recursive: true, force: true });
	});

	it('busy: another connection holds the write lock beyond busy_timeout → 503 database_busy, then applied once', async () => {
		const client = newDevice();
		const other = new SQLite(join(dataDir, 'app.sqlite'));
		try {
			other.prepare('BEGIN IMMEDIATE').run();
			await expectRefusedThenAppliedOnce(client, client.work(6), {
				code: 'database_busy',
				retryAfter: '5',
				clear: () => void other.prepare('ROLLBACK').run()
			});
		} finally {
			other.close();
		}
	}, 30_000);

	it('locked: another process (an operator in the sqlite3 shell) holds BEGIN EXCLUSIVE → pushes answer 503 database_busy while pulls and health still answer, then applied once', async () => {
		const client = newDevice();
		const holder = await lockInAnotherProcess(join(dataDir, 'app.sqlite'));
		try {
			// WAL: a writer elsewhere never keeps readers out, so devices still receive changes.
			const pulled = await client.pull();
			expect(pulled.status).toBe(200);
			expect((await client.health()).status).toBe(200);
			await expectRefusedThenAppliedOnce(client, client.work(3), {
				code: 'database_busy',
				retryAfter: '5',
				clear: () => holder.release()
			});
		} finally {
			await holder.release();
		}
	}, 30_000);

	it('full: the engine refuses to grow the file (max_page_count) → 503 database_full with Retry-After 60, nothing half-written, then applied once', async () => {
		const { db } = await getDatabase();
		const client = newDevice();
		// The app's own connection may not grow the file by a single page: a real SQLITE_FULL
		// from the engine when the push needs room, wherever in the push that happens.
		const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db);
		await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(db);
		await expectRefusedThenAppliedOnce(client, client.work(30, 2000), {
			code: 'database_full',
			retryAfter: '60',
			clear: async () => void (await sql.raw('pragma max_page_count = 4294967294').execute(db))
		});
	});
});

/**
 * A separate node process that opens the file and holds BEGIN EXCLUSIVE until released: a lock
 * held by another process, not by another connection of this one.
 */
async function lockInAnotherProcess(file: string): Promise<{ release(): Promise<void> }> {
	const script = `
		const db = new (require('better-sqlite3'))(process.argv[1]);
		db.prepare('BEGIN EXCLUSIVE').run();
		process.stdout.write('locked\\n');
		process.stdin.once('data', () => { db.prepare('ROLLBACK').run(); db.close(); process.exit(0); });`;
	const child = spawn(process.execPath, ['-e', script, file], { stdio: ['pipe', 'pipe', 'inherit'] });
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	await new Promise<void>((resolve, reject) => {
		child.stdout.once('data', () => resolve());
		child.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
	});
	return {
		async release() {
			if (child.exitCode !== null) return;
			child.stdin.write('go\n');
			await exited;
		}
	};
}

/** Mounts a small tmpfs, or says why it cannot. */
async function mountTmpfs(dir: string, size: string): Promise<string | null> {
	if (process.platform !== 'linux') return 'a size-limited tmpfs needs Linux';
	try {
		await run('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
		return null;
	} catch (error) {
		return `cannot mount a tmpfs here (${String(error).split('\n')[0]}); needs root or CAP_SYS_ADMIN`;
	}
}

/** Writes zeros to `file` until the filesystem says ENOSPC. */
function fillUp(file: string) {
	const fd = openSync(file, 'w');
	const chunk = Buffer.alloc(64 * 1024);
	try {
		for (;;) writeSync(fd, chunk);
	} catch (error) {
		if ((error as { code?: string }).code !== 'ENOSPC') throw error;
	} finally {
		closeSync(fd);
	}
}

describe('SQLite on a filesystem that is really full (ENOSPC)', () => {
	let mountPoint: string;
	let skipReason: string | null = null;
	beforeAll(async () => {
		mountPoint = await mkdtemp(join(tmpdir(), 'kiem-tra-full-disk-'));
		skipReason = await mountTmpfs(mountPoint, '8m');
		if (!skipReason) await useServerSqlite(join(mountPoint, 'data'));
	});
	afterAll(async () => {
		await closeDatabase();
		if (!skipReason) await run('umount', [mountPoint]).catch((e) => console.warn('umount failed:', e));
		await rm(mountPoint, { recursive: true, force: true });
	});

	it('a push that meets ENOSPC → 503 database_full, nothing half-written; after space is freed it is applied once', async (context) => {
		if (skipReason) {
			console.log(`sqlite-trouble: ENOSPC case skipped — ${skipReason}`);
			context.skip(skipReason);
			return;
		}
		const { db } = await getDatabase();
		const client = newDevice();
		// Empty the WAL (it would otherwise reuse room it already has), then fill the disk.
		await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
		const filler = join(mountPoint, 'filler');
		fillUp(filler);
		await expectRefusedThenAppliedOnce(client, client.work(30, 2000), {
			code: 'database_full',
			retryAfter: '60',
			clear: () => unlink(filler)
		});
	});
});
