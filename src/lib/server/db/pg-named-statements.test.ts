import { describe, expect, it } from 'vitest';
import { MAX_NAMED, StatementNames } from './pg-named-statements';

describe('StatementNames', () => {
	it('names a text with parameters from its second use on, and keeps the name', () => {
		const names = new StatementNames();
		expect(names.nameFor('select 1 where a = $1', 1)).toBeNull();
		const name = names.nameFor('select 1 where a = $1', 1);
		expect(name).not.toBeNull();
		expect(names.nameFor('select 1 where a = $1', 1)).toBe(name);
		expect(names.nameFor('select 2 where a = $1', 1)).toBeNull();
		expect(names.nameFor('select 2 where a = $1', 1)).not.toBe(name);
	});

	it('never names a text without parameters', () => {
		const names = new StatementNames();
		for (let i = 0; i < 3; i++) expect(names.nameFor('commit', 0)).toBeNull();
	});

	it(`names at most ${MAX_NAMED} texts; after a schema change every text gets a new name`, () => {
		const names = new StatementNames();
		const named = (text: string) => (names.nameFor(text, 1), names.nameFor(text, 1));
		for (let i = 0; i < MAX_NAMED; i++) expect(named(`select ${i} where a = $1`)).not.toBeNull();
		expect(named('select past the limit where a = $1')).toBeNull();
		const before = named('select 0 where a = $1');
		names.forgetAll();
		expect(names.size).toBe(0);
		const after = named('select 0 where a = $1');
		expect(after).not.toBeNull();
		expect(after).not.toBe(before);
	});
});
