/**
 * Which database errors mean "try again later" (503, the client keeps its queue) rather than
 * "this request is wrong" or "the server has a bug" (500), and which kind of later it is: the
 * database is busy with another writer (seconds), out of space (until an operator frees some),
 * or away altogether (until it is back).
 */

export type DatabaseTrouble = 'busy' | 'full' | 'unavailable';

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

// PostgreSQL SQLSTATE: 53100 disk full; 40001 serialization failure and 40P01 deadlock (another
// transaction won: busy); class 08 connection exception, the rest of class 53 (out of memory,
// too many connections) and 57P01-03 shutdown / cannot connect now (away).
function pgTrouble(code: string): DatabaseTrouble | null {
	if (code === '53100') return 'full';
	if (code === '40001' || code === '40P01') return 'busy';
	if (code.startsWith('08') || code.startsWith('53') || /^57P0[1-3]$/.test(code)) return 'unavailable';
	return null;
}

// better-sqlite3 codes (extended ones start with the primary): another connection holds the
// lock beyond busy_timeout (BUSY, LOCKED); the disk or max_page_count is full (FULL); the disk
// is failing or the file cannot be opened right now (IOERR, CANTOPEN). ENOSPC while writing
// the WAL surfaces as SQLITE_FULL or as SQLITE_IOERR_WRITE depending on where it hits.
function sqliteTrouble(code: string): DatabaseTrouble | null {
	if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
	if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'full';
	if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') return 'unavailable';
	return null;
}

// pg's own messages when the pool cannot hand out a connection or a connection died mid-query.
const pgClientMessages = [
	'timeout exceeded when trying to connect',
	'Connection terminated',
	'Client has encountered a connection error',
	'Cannot use a pool after calling end'
];

/** The kind of passing trouble behind an error (its cause chain included), or null for any other error. */
export function databaseTrouble(error: unknown): DatabaseTrouble | null {
	for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
		if (typeof e !== 'object') return null;
		const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
		if (typeof code === 'string') {
			if (networkCodes.has(code)) return 'unavailable';
			const trouble = pgTrouble(code) ?? sqliteTrouble(code);
			if (trouble) return trouble;
		}
		if (typeof message === 'string' && pgClientMessages.some((m) => message.includes(m))) return 'unavailable';
		// A prepared statement outdated by a schema change elsewhere (pg-named-statements.ts):
		// it is prepared afresh from now on, so the retry goes through.
		if (code === '0A000' && typeof message === 'string' && message.includes('cached plan must not change result type')) return 'busy';
		e = cause;
	}
	return null;
}

export function isTransientDatabaseError(error: unknown): boolean {
	return databaseTrouble(error) !== null;
}
