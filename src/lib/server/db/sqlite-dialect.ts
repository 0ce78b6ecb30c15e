/**
 * Kysely's SQLite dialect with BEGIN IMMEDIATE transactions and prepared statements kept.
 *
 * Within one process Kysely already serializes everything on its single better-sqlite3
 * connection. Across processes (a second server, a backup or maintenance script) a plain
 * deferred BEGIN would start as a reader and fail with SQLITE_BUSY when it tries to become
 * the writer; IMMEDIATE takes the write lock up front, so busy_timeout can simply wait for it.
 * Every transaction in this server writes, so nothing is lost by taking the lock early.
 *
 * Kysely prepares every statement anew on each call; a push runs the same few dozen SQL texts
 * over and over, and preparing them was about a tenth of a SQLite server's CPU time under load.
 * `StatementCache` keeps the most recently used ones.
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
	CompiledQuery,
	SqliteDialect,
	SqliteDriver,
	type DatabaseConnection,
	type Driver,
	type SqliteDatabase,
	type SqliteDialectConfig
} from 'kysely';

class ImmediateSqliteDriver extends SqliteDriver {
	override async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin immediate'));
	}
}

/** How many prepared statements are kept: a push uses ~30 texts, the whole app a few hundred. */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * What Kysely's SQLite driver uses of a database (`prepare`, `close`), with each SQL text's
 * prepared statement kept and handed out again, least recently used dropped first. Sharing one
 * statement is safe because the driver runs one query at a time on its one connection (a
 * streamed select holds the connection until it ends), and SQLite re-prepares a statement by
 * itself when the schema changes under it.
 */
export class StatementCache implements SqliteDatabase {
	readonly #statements = new Map<string, BetterSqlite3.Statement>();

	constructor(
		readonly file: BetterSqlite3.Database,
		readonly size = STATEMENT_CACHE_SIZE
	) {}

	prepare(sql: string): BetterSqlite3.Statement {
		const kept = this.#statements.get(sql);
		if (kept) {
			// Map order is use order: move it to the end.
			this.#statements.delete(sql);
			this.#statements.set(sql, kept);
			return kept;
		}
		const statement = this.file.prepare(sql);
		this.#statements.set(sql, statement);
		if (this.#statements.size > this.size) this.#statements.delete(this.#statements.keys().next().value!);
		return statement;
	}

	close(): void {
		this.#statements.clear();
		this.file.close();
	}
}

export class ImmediateSqliteDialect extends SqliteDialect {
	readonly #config: SqliteDialectConfig;

	constructor(config: SqliteDialectConfig) {
		super(config);
		this.#config = config;
	}

	override createDriver(): Driver {
		return new ImmediateSqliteDriver(this.#config);
	}
}

/** The server's dialect for an open SQLite file: IMMEDIATE transactions, statements kept. */
export function serverSqliteDialect(file: BetterSqlite3.Database): ImmediateSqliteDialect {
	return new ImmediateSqliteDialect({ database: new StatementCache(file) });
}
