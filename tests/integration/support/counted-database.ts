/**
 * A second connection to a test database that counts every statement sent through it: BEGIN,
 * SAVEPOINT and COMMIT included (Kysely's `log` hook sits on the connection, below the query
 * builders), so a test can hold the push to a number of round trips.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Database } from '$lib/server/db';
import { ImmediateSqliteDialect } from '$lib/server/db/sqlite-dialect';
import type { FreshDatabase } from './test-databases';

export interface CountedDatabase {
	db: Kysely<Database>;
	/** Every statement since the last `reset`, as sent. */
	readonly statements: string[];
	reset(): void;
	close(): Promise<void>;
}

const INT8_OID = 20;

export function countedDatabase(fresh: FreshDatabase): CountedDatabase {
	const statements: string[] = [];
	const log = (event: LogEvent) => {
		statements.push(event.query.sql);
	};
	const dialect = fresh.databaseUrl
		? new PostgresDialect({
				pool: new pg.Pool({
					connectionString: fresh.databaseUrl,
					max: 2,
					// BIGINT as numbers, as the app's own pool reads them.
					types: {
						getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
							oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser
					}
				})
			})
		: new ImmediateSqliteDialect({ database: sqliteConnection(fresh.dataDir) });
	const db = new Kysely<Database>({ dialect, log });
	return {
		db,
		statements,
		reset: () => statements.splice(0),
		close: () => db.destroy()
	};
}

function sqliteConnection(dataDir: string) {
	const file = new SQLite(join(dataDir, 'app.sqlite'));
	file.pragma('busy_timeout = 5000');
	file.pragma('foreign_keys = ON');
	return file;
}

/** The statements of each transaction (BEGIN … COMMIT) in `statements`, in order. */
export function transactionsIn(statements: readonly string[]): string[][] {
	const groups: string[][] = [];
	let current: string[] | null = null;
	for (const sql of statements) {
		if (/^begin\b/i.test(sql)) current = [];
		if (current) current.push(sql);
		if (/^(commit|rollback)$/i.test(sql.trim()) && current) {
			groups.push(current);
			current = null;
		}
	}
	return groups;
}

/** "insert answers", "select mutation_receipts", "savepoint" …: what a statement does to which table. */
export function statementKind(sql: string): string {
	const verb = (/^\s*(\w+)/.exec(sql)?.[1] ?? '').toLowerCase();
	const table = /^\s*(?:insert\s+into|update|delete\s+from)\s+"?(\w+)"?/i.exec(sql)?.[1] ?? /\bfrom\s+"?(\w+)"?/i.exec(sql)?.[1];
	return table && ['insert', 'update', 'delete', 'select'].includes(verb) ? `${verb} ${table}` : verb;
}

/** How many statements of each kind, most frequent first. */
export function tally(statements: readonly string[]): Record<string, number> {
	const counts = new Map<string, number>();
	for (const sql of statements) counts.set(statementKind(sql), (counts.get(statementKind(sql)) ?? 0) + 1);
	return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}
