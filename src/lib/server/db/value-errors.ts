/**
 * Database errors that mean "this value cannot be stored", as opposed to "try again later"
 * (transient-errors.ts) or "the server has a bug". They come from the request: PostgreSQL
 * refuses an integer past its column's range or a NUL character that SQLite would have taken,
 * so the same mutation that applies on one database must not fail the whole request on the
 * other — it is refused as invalid instead.
 */

// SQLSTATE class 22, data exception: 22003 numeric value out of range, 22021 character not in
// repertoire, 22P02 invalid text representation, 22001 string data right truncation, …
const pgDataException = (code: string) => /^22[0-9A-Z]{3}$/.test(code);

// better-sqlite3: a string or blob past SQLITE_MAX_LENGTH, a value of the wrong type.
const sqliteValueCodes = new Set(['SQLITE_TOOBIG', 'SQLITE_MISMATCH']);

export function isValueError(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' && (pgDataException(code) || sqliteValueCodes.has(code));
}

// better-sqlite3's extended codes for a primary key or unique index a row would repeat.
const sqliteKeyCodes = new Set(['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE']);

/** A row whose key another row holds already: PostgreSQL's 23505, unique_violation. */
export function isKeyTaken(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return code === '23505' || (typeof code === 'string' && sqliteKeyCodes.has(code));
}
