import { describe, expect, it } from 'vitest';
import { databaseTrouble, isTransientDatabaseError } from './transient-errors';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('databaseTrouble', () => {
	it.each([
		['SQLITE_BUSY', 'busy'],
		['SQLITE_BUSY_SNAPSHOT', 'busy'],
		// Only with a shared cache (not used by the app), but it means the same: wait and retry.
		['SQLITE_LOCKED', 'busy'],
		['SQLITE_LOCKED_SHAREDCACHE', 'busy'],
		['40001', 'busy'],
		['40P01', 'busy'],
		['SQLITE_FULL', 'full'],
		['ENOSPC', 'full'],
		['53100', 'full'],
		['SQLITE_IOERR_WRITE', 'unavailable'],
		['SQLITE_CANTOPEN', 'unavailable'],
		['ECONNREFUSED', 'unavailable'],
		['57P01', 'unavailable'],
		['08006', 'unavailable'],
		['53300', 'unavailable']
	])('%s → %s', (code, trouble) => {
		expect(databaseTrouble(withCode(code))).toBe(trouble);
	});

	it("reads pg's own messages and the cause chain", () => {
		expect(databaseTrouble(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
		expect(databaseTrouble(new Error('wrapped', { cause: withCode('SQLITE_FULL') }))).toBe('full');
	});

	it('a prepared statement outdated by a schema change is busy (prepared afresh on the retry); other 0A000 errors are not', () => {
		expect(databaseTrouble(withCode('0A000', 'cached plan must not change result type'))).toBe('busy');
		expect(databaseTrouble(withCode('0A000', 'some other feature is not supported'))).toBeNull();
	});

	it('leaves every other error alone (a bug is a 500, a bad value a 400)', () => {
		for (const error of [withCode('SQLITE_CONSTRAINT_UNIQUE'), withCode('23505'), withCode('22P02'), new TypeError('x'), 'text', null]) {
			expect(databaseTrouble(error)).toBeNull();
			expect(isTransientDatabaseError(error)).toBe(false);
		}
	});
});
