import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, entryHash } from './audit';

/** The rule as first written: JSON.stringify with every object's keys sorted by a replacer. */
const byReplacer = (value: unknown) =>
	JSON.stringify(value, (_key, v: unknown) => {
		if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
		const sorted: Record<string, unknown> = {};
		for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
		return sorted;
	});

describe('canonicalJson: the flat fast path writes what the replacer writes', () => {
	const cases: Record<string, unknown> = {
		'a push entry': { seq: 7, mutationId: '019a0000-0000-7000-8000-000000000001', clientId: 'c', inspectionId: 'i' },
		'keys out of order, quotes and diacritics': { 'z"k': 'Trưởng đoàn "A"', a: 'x\ny', M: true, b: false, n: null },
		'numbers JSON cannot hold': { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, neg: -0, big: 1e21 },
		'undefined values left out': { a: undefined, b: 1 },
		'nested (general way)': { b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } },
		'an array inside (general way)': { list: [3, 1], a: 1 },
		empty: {},
		'not an object': 'text',
		'a class instance (general way)': new Date(0)
	};
	for (const [name, value] of Object.entries(cases))
		it(name, () => {
			expect(canonicalJson(value)).toBe(byReplacer(value));
		});
});

describe('entryHash', () => {
	it('is SHA-256 over the previous hash, a newline and the entry as a JSON array', () => {
		const e = { seq: 3, at: '2026-12-07T01:00:00.000Z', actor_user_id: 'u', action: 'mutation:answerItem', detail: '{"a":"ầ"}' };
		const expected = createHash('sha256')
			.update('ab'.repeat(32))
			.update('\n')
			.update(JSON.stringify([e.seq, e.at, e.actor_user_id, e.action, e.detail]))
			.digest('hex');
		expect(entryHash('ab'.repeat(32), e)).toBe(expected);
	});
});
