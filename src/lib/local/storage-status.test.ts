import { describe, expect, it } from 'vitest';
import { isLow, LOW_BYTES } from './storage-status.svelte';

const MB = 1024 * 1024;

describe('storage running low', () => {
	it('is low under 15 % of the quota left, or under 100 MB left, and unknown is not low', () => {
		expect(isLow(null, 1000 * MB)).toBe(false);
		expect(isLow(10 * MB, null)).toBe(false);
		expect(isLow(8000 * MB, 10_000 * MB)).toBe(false); // 20 % left
		expect(isLow(8600 * MB, 10_000 * MB)).toBe(true); // 14 % left
		expect(isLow(0, LOW_BYTES - 1)).toBe(true); // a small quota, even empty
		expect(isLow(500 * MB, 600 * MB + 1)).toBe(false); // 100 MB and one byte left, 16.7 %
		expect(isLow(2000 * MB, 1000 * MB)).toBe(true); // over the quota
	});
});
