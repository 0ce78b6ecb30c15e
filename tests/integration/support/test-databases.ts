/**
 * The databases every server behaviour is tested on, and a fresh, empty one per test file:
 * a SQLite file in its own temp dir, or a new database on the PostgreSQL test server.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type AppDatabase, type DialectName } from '$lib/server/db';
import '../setup/postgres';

export interface TestDatabaseKind {
	name: DialectName;
	/** Why this database's cases are skipped here, or null when they run. */
	skipReason: string | null;
}

export const testDatabases: TestDatabaseKind[] = [
	{ name: 'sqlite', skipReason: null },
	{ name: 'postgres', skipReason: inject('postgresSkipReason') }
];

export interface FreshDatabase extends AppDatabase {
	/** A directory of its own for blobs and SQLite files. */
	dataDir: string;
	/** The PostgreSQL URL of this database (so a second pool or the routes can open it). */
	databaseUrl: string | null;
	/** Closes and deletes everything. */
	destroy(): Promise<void>;
}

/** `serverUrl`: a PostgreSQL server of the caller's own instead of the shared test server. */
export async function createFreshDatabase(kind: DialectName, serverUrl = inject('postgresUrl')): Promise<FreshDatabase> {
	const dataDir = await mkdtemp(join(tmpdir(), `kiem-tra-${kind}-`));
	if (kind === 'sqlite') {
		const opened = openDatabase({ dataDir });
		return {
			...opened,
			dataDir,
			databaseUrl: null,
			async destroy() {
				await opened.close();
				await rm(dataDir, { recursive: true, force: true });
			}
		};
	}

	if (!serverUrl) throw new Error('PostgreSQL is not available for this run');
	const name = `kiem_tra_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
	await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	const databaseUrl = url.toString();
	const opened = openDatabase({ databaseUrl });
	return {
		...opened,
		dataDir,
		databaseUrl,
		async destroy() {
			await opened.close();
			await withAdmin(serverUrl, async (admin) => {
				// pg's pool.end() returns before its sockets are closed; waiting for the backends to
				// go keeps FORCE from killing them mid-goodbye (which logs scary errors).
				for (let i = 0; i < 50; i++) {
					const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
					if (rows[0]?.n === 0) break;
					await new Promise((resolve) => setTimeout(resolve, 20));
				}
				await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			});
			await rm(dataDir, { recursive: true, force: true });
		}
	};
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
}
