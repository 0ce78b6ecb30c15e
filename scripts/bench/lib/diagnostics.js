/**
 * Small live measurements that explain a figure rather than being one: what a durable commit
 * costs on this disk (the server's SQLite runs WAL and answers a commit once its log is flushed:
 * src/lib/server/db/wal-sync.ts).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export function sqliteCommitCost(dir, commits = 200) {
	mkdirSync(dir, { recursive: true });
	const out = {};
	for (const sync of ['FULL', 'OFF']) {
		const file = join(dir, `commit-${sync}.sqlite`);
		const db = new Database(file);
		db.pragma('journal_mode = WAL');
		db.pragma(`synchronous = ${sync}`);
		db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
		const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
		const t0 = performance.now();
		for (let i = 0; i < commits; i++) {
			db.exec('BEGIN IMMEDIATE');
			insert.run(`row ${i}`);
			db.exec('COMMIT');
		}
		out[sync] = (performance.now() - t0) / commits;
		db.close();
		rmSync(file, { force: true });
		rmSync(`${file}-wal`, { force: true });
		rmSync(`${file}-shm`, { force: true });
	}
	return { fullMs: out.FULL, offMs: out.OFF };
}

/** What a durable commit and a bare round trip cost on the PostgreSQL cluster (default durability). */
export async function postgresCommitCost(url, commits = 200) {
	const { default: pg } = await import('pg');
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query('CREATE TABLE IF NOT EXISTS bench_commit (id serial PRIMARY KEY, v text)');
		let t0 = performance.now();
		for (let i = 0; i < commits; i++) {
			await client.query('BEGIN');
			await client.query('INSERT INTO bench_commit (v) VALUES ($1)', [`row ${i}`]);
			await client.query('COMMIT');
		}
		const commitMs = (performance.now() - t0) / commits;
		t0 = performance.now();
		for (let i = 0; i < commits; i++) await client.query('SELECT 1');
		const roundTripMs = (performance.now() - t0) / commits;
		await client.query('DROP TABLE bench_commit');
		return { commitMs, roundTripMs };
	} finally {
		await client.end();
	}
}

/** Pushes `mutations` from node in batches of 500, like the client engine (for a profiled server). */
export async function pushFromNode(url, cookie, clientId, mutations) {
	for (let i = 0; i < mutations.length; i += 500) {
		const res = await fetch(`${url}/api/sync/push`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie, origin: url },
			body: JSON.stringify({ clientId, mutations: mutations.slice(i, i + 500) })
		});
		if (!res.ok) throw new Error(`push failed: ${res.status}`);
	}
}
