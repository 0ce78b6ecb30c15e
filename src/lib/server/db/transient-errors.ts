/**
 * Which database errors mean "try again later" (503, the client keeps its queue) rather than
 * "this request is wrong" or "the server has a bug" (500).
 */

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

// PostgreSQL SQLSTATE classes and codes: 08 connection exception, 53 insufficient resources,
// 57P01-03 shutdown / cannot connect now, 40001 serialization failure, 40P01 deadlock.
const pgTransient = (code: string) =>
	code.startsWith('08') || code.startsWith('53') || /^57P0[1-3]$/.test(code) || code === '40001' || code === '40P01';

// better-sqlite3 codes: the database is locked by another process beyond busy_timeout, the
// disk is full or failing, or the file cannot be opened right now.
const sqliteTransient = (code: string) =>
	code.startsWith('SQLITE_BUSY') ||
	code.startsWith('SQLITE_LOCKED') ||
	code.startsWith('SQLITE_IOERR') ||
	code === 'SQLITE_FULL' ||
	code === 'SQLITE_CANTOPEN';

// pg's own messages when the pool cannot hand out a connection or a connection died mid-query.
const pgClientMessages = [
	'timeout exceeded when trying to connect',
	'Connection terminated',
	'Client has encountered a connection error',
	'Cannot use a pool after calling end'
];

export function isTransientDatabaseError(error: unknown): boolean {
	for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
		if (typeof e !== 'object') return false;
		const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
		if (typeof code === 'string') {
			if (networkCodes.has(code) || pgTransient(code) || sqliteTransient(code)) return true;
		}
		if (typeof message === 'string' && pgClientMessages.some((m) => message.includes(m))) return true;
		e = cause;
	}
	return false;
}
