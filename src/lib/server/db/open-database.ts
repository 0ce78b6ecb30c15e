/**
 * Opens the server database: PostgreSQL when a URL is given, otherwise a SQLite file in the
 * data directory. Callers get the same Kysely<Database> either way.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { defaultDataDir } from './data-dir';
import { nameRepeatedStatements, StatementNames } from './pg-named-statements';
import type { Database } from './schema';
import { serverSqliteDialect } from './sqlite-dialect';
import { WalSync } from './wal-sync';

export type DialectName = 'sqlite' | 'postgres';

/**
 * For a SQLite database whose commits are flushed off the loop: a promise of the next COMMIT
 * handing the connection on, before its flush (sqlite-dialect.ts `DurableSqlite.nextCommit`).
 * The writer queue starts its next transaction then (sync/write-transaction.ts).
 */
const commitsAhead = new WeakMap<Kysely<Database>, () => Promise<void>>();

export function nextCommitHandedOn(db: Kysely<Database>): Promise<void> | null {
	return commitsAhead.get(db)?.() ?? null;
}

export interface AppDatabase {
	db: Kysely<Database>;
	dialect: DialectName;
	close(): Promise<void>;
}

export interface OpenDatabaseOptions {
	/** postgres://… — wins over everything else. */
	databaseUrl?: string;
	/** Directory for app.sqlite; used when no URL is given here. */
	dataDir?: string;
}

/** How long a SQLite writer waits for another process's write lock before giving up (→ 503). */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

function openSqlite(dataDir: string): AppDatabase {
	mkdirSync(dataDir, { recursive: true });
	const file = new SQLite(join(dataDir, 'app.sqlite'));
	// WAL lets pulls read while a push writes. A committed push must survive power loss (an
	// acknowledged mutation is dropped from the device's outbox, so it must not vanish here):
	// the driver answers a commit only once the log is synced, off the event loop (wal-sync.ts),
	// which is as durable as `synchronous = FULL` without the loop waiting for the disk.
	// A file system that cannot hold a log (no shared memory) keeps the rollback journal, and FULL.
	const wal = file.pragma('journal_mode = WAL', { simple: true }) === 'wal';
	file.pragma(wal ? 'synchronous = NORMAL' : 'synchronous = FULL');
	file.pragma('foreign_keys = ON');
	file.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
	const dialect = serverSqliteDialect(file, wal ? new WalSync(`${file.name}-wal`) : undefined);
	const db = new Kysely<Database>({ dialect });
	const { durable } = dialect;
	if (durable) commitsAhead.set(db, () => durable.nextCommit());
	return { db, dialect: 'sqlite', close: () => db.destroy() };
}

// Versions are BIGINT; pg hands those back as strings. They stay far below 2^53, so numbers
// are exact and the rest of the code does not have to care which database it talks to.
const INT8_OID = 20;
const pgTypes = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		oid === INT8_OID && format !== 'binary'
			? (value: string) => Number(value)
			: (pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown)) as typeof pg.types.getTypeParser
};

function openPostgres(connectionString: string): AppDatabase {
	const pool = new pg.Pool({
		connectionString,
		max: 10,
		// Fail fast when the database is down so the client gets a 503 and retries later,
		// instead of a request that hangs until the browser gives up.
		connectionTimeoutMillis: 5000,
		types: pgTypes
	});
	// When PostgreSQL stops or dies, every open connection emits 'error'. An EventEmitter
	// 'error' nobody listens to ends the process, so both kinds get a listener:
	// - idle ones in the pool: pg-pool re-emits it on the pool and drops the connection;
	// - checked-out ones: pg-pool takes its own listener off while a request holds the client,
	//   and a failure between two statements of a transaction (no query running) is emitted
	//   on the client alone. The request's next query fails (→ 503), and on release the pool
	//   sees the client is no longer queryable and drops it.
	// New connections are made on demand, so the pool reconnects by itself once PostgreSQL is back.
	pool.on('error', (err) => console.error('[db] idle PostgreSQL connection failed:', err.message));
	const names = new StatementNames();
	pool.on('connect', (client) => {
		client.on('error', (err) => console.error('[db] PostgreSQL connection failed:', err.message));
		nameRepeatedStatements(client, names);
	});
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	return { db, dialect: 'postgres', close: () => db.destroy() };
}

/**
 * Opens (does not migrate) a database. Explicit options win over the environment:
 * `databaseUrl` → PostgreSQL; else `dataDir` → SQLite there; else DATABASE_URL → PostgreSQL;
 * else SQLite at `${DATA_DIR ?? './data'}/app.sqlite`.
 */
export function openDatabase(opts: OpenDatabaseOptions = {}): AppDatabase {
	if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
	if (opts.dataDir) return openSqlite(opts.dataDir);
	const url = process.env.DATABASE_URL;
	if (url) return openPostgres(url);
	return openSqlite(defaultDataDir());
}
