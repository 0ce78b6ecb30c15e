/**
 * Kysely's SQLite dialect with BEGIN IMMEDIATE transactions.
 *
 * Within one process Kysely already serializes everything on its single better-sqlite3
 * connection. Across processes (a second server, a backup or maintenance script) a plain
 * deferred BEGIN would start as a reader and fail with SQLITE_BUSY when it tries to become
 * the writer; IMMEDIATE takes the write lock up front, so busy_timeout can simply wait for it.
 * Every transaction in this server writes, so nothing is lost by taking the lock early.
 */
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

class ImmediateSqliteDriver extends SqliteDriver {
	override async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin immediate'));
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
