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
 *
 * Given a `LogSync` (wal-sync.ts), a write that ends outside a transaction (a COMMIT, or a
 * statement on its own) is answered only once the write-ahead log is on the disk (wal-sync.ts
 * says why), and so is anything read that such a write could have changed (`DurableSqlite`).
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
	CompiledQuery,
	SelectQueryNode,
	SqliteDialect,
	SqliteDriver,
	type DatabaseConnection,
	type Driver,
	type QueryResult,
	type SqliteDatabase,
	type SqliteDialectConfig
} from 'kysely';
import type { LogSync } from './wal-sync';

class ImmediateSqliteDriver extends SqliteDriver {
	readonly #durable: DurableSqlite | undefined;

	constructor(config: SqliteDialectConfig, durable?: DurableSqlite) {
		super(config);
		this.#durable = durable;
	}

	override async acquireConnection(): Promise<DatabaseConnection> {
		return this.#durable ? this.#durable.acquire() : super.acquireConnection();
	}

	override async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin immediate'));
	}

	override async commitTransaction(connection: DatabaseConnection): Promise<void> {
		if (connection instanceof Lease) await connection.commit();
		else await super.commitTransaction(connection);
	}

	override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
		// Released already: it committed, and only the log's flush failed (Lease.commit). Nothing to undo,
		// and the connection may be another caller's by now.
		if (connection instanceof Lease && connection.released) return;
		await super.rollbackTransaction(connection);
	}

	// Kysely's SqliteDriver declares no parameter (it has one connection); every driver is given it.
	override async releaseConnection(...[connection]: DatabaseConnection[]): Promise<void> {
		if (connection instanceof Lease) await connection.release();
		else await super.releaseConnection();
	}

	override async destroy(): Promise<void> {
		await super.destroy();
		this.#durable?.wal.close();
	}
}

interface Durability {
	file: BetterSqlite3.Database;
	statements: SqliteDatabase;
	wal: LogSync;
}

/**
 * The one connection handed out a lease at a time, and what has been written to the log and
 * flushed. Every write that ends outside a transaction (a COMMIT, a statement on its own) is
 * numbered; whoever used the connection is answered only once the log is flushed through the
 * last write it could have seen — its own, or another's it read. A commit lets the next caller
 * have the connection before its flush is done: that caller's writes are flushed with or after
 * it (the log is written in order, and a flush covers all that was written before it), and what
 * it reads is answered only once flushed too. So the writer queue never waits for the loop to
 * come round to a flush, and no answer ever carries what a power cut could take back.
 */
export class DurableSqlite {
	readonly file: BetterSqlite3.Database;
	readonly statements: SqliteDatabase;
	readonly wal: LogSync;
	/** The last write's number, and the last one known to be on the disk. */
	written = 0;
	#flushed = 0;
	#flushing: Promise<void> | null = null;
	/** Resolves when the lease before the last one asked for is released. */
	#queue: Promise<void> = Promise.resolve();
	/** Waiting for the next COMMIT to hand the connection back (`nextCommit`). */
	#commitWatchers: (() => void)[] = [];

	constructor({ file, statements, wal }: Durability) {
		this.file = file;
		this.statements = statements;
		this.wal = wal;
	}

	async acquire(): Promise<Lease> {
		let unlock!: () => void;
		const turn = new Promise<void>((resolve) => (unlock = resolve));
		const before = this.#queue;
		this.#queue = before.then(() => turn);
		await before;
		return new Lease(this, unlock);
	}

	/**
	 * Resolves when the next COMMIT has handed the connection on, before its flush: the writer
	 * queue (sync/write-transaction.ts) starts its next transaction then, not once the flush is done.
	 */
	nextCommit(): Promise<void> {
		return new Promise((resolve) => this.#commitWatchers.push(resolve));
	}

	committed(): void {
		for (const resolve of this.#commitWatchers.splice(0)) resolve();
	}

	/** Resolves once the log is on the disk through write number `mark`; one flush serves all who wait. */
	async flushedThrough(mark: number): Promise<void> {
		while (this.#flushed < mark) {
			if (!this.#flushing) {
				const through = this.written;
				this.#flushing = this.wal.sync().then(
					() => {
						this.#flushed = Math.max(this.#flushed, through);
						this.#flushing = null;
					},
					(error: unknown) => {
						this.#flushing = null;
						throw error;
					}
				);
			}
			await this.#flushing;
		}
	}
}

/** Statements that cannot have written: Kysely's selects, raw SELECTs, a ROLLBACK. */
const WRITES_NOTHING = /^\s*(select\b|rollback\s*$)/i;

/** One caller's use of the connection: Kysely's SQLite connection, plus what it must wait for. */
class Lease implements DatabaseConnection {
	released = false;
	/** The last write this caller made or could have read. */
	#mark = 0;

	constructor(
		readonly sqlite: DurableSqlite,
		readonly unlock: () => void
	) {}

	executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
		if (this.released) return Promise.reject(new Error('the SQLite connection was used after it was released'));
		const { sql, parameters } = query;
		const statement = this.sqlite.statements.prepare(sql);
		let result: QueryResult<R>;
		if (statement.reader) result = { rows: statement.all(parameters) as R[] };
		else {
			const { changes, lastInsertRowid } = statement.run(parameters);
			result = { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
		}
		// Outside a transaction a write is committed now; in one, its COMMIT comes through here too.
		if (!this.sqlite.file.inTransaction && !(SelectQueryNode.is(query.query) || WRITES_NOTHING.test(sql)))
			this.#mark = ++this.sqlite.written;
		else this.#mark = this.sqlite.written;
		return Promise.resolve(result);
	}

	// Nothing to await: better-sqlite3 steps the rows synchronously, as Kysely's own SQLite connection does.
	// eslint-disable-next-line @typescript-eslint/require-await
	async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
		if (!SelectQueryNode.is(query.query)) throw new Error('Sqlite driver only supports streaming of select queries');
		this.#mark = this.sqlite.written;
		for (const row of this.sqlite.statements.prepare(query.sql).iterate(query.parameters)) yield { rows: [row as R] };
	}

	/** COMMIT, the connection to the next caller, then the wait for this one's flush. */
	async commit(): Promise<void> {
		await this.executeQuery(CompiledQuery.raw('commit'));
		this.#handBack();
		this.sqlite.committed();
		const mark = this.#mark;
		// Answered here, flushed or not: releasing it afterwards waits for nothing more.
		this.#mark = 0;
		await this.sqlite.flushedThrough(mark);
	}

	async release(): Promise<void> {
		this.#handBack();
		await this.sqlite.flushedThrough(this.#mark);
	}

	#handBack() {
		if (this.released) return;
		this.released = true;
		this.unlock();
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

	constructor(
		config: SqliteDialectConfig,
		readonly durable?: DurableSqlite
	) {
		super(config);
		this.#config = config;
	}

	override createDriver(): Driver {
		return new ImmediateSqliteDriver(this.#config, this.durable);
	}
}

/**
 * The server's dialect for an open SQLite file: IMMEDIATE transactions, statements kept, and
 * with `wal` every commit answered once the log is synced (the file then runs `synchronous = NORMAL`).
 */
export function serverSqliteDialect(file: BetterSqlite3.Database, wal?: LogSync): ImmediateSqliteDialect {
	const statements = new StatementCache(file);
	return new ImmediateSqliteDialect({ database: statements }, wal && new DurableSqlite({ file, statements, wal }));
}
