import { describe, expect, it } from 'vitest';
import { backoffDelay } from './rate-limit';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

// The limiter itself keeps its counts in the database: tests/integration/login-rate-limit.test.ts.
describe('login throttling', () => {
	it('doubles the delay after the free failures, up to the maximum', () => {
		const b = { free: 5, baseMs: 30 * SECOND, maxMs: 15 * MINUTE };
		expect([4, 5, 6, 7, 8, 9, 10, 50].map((n) => backoffDelay(b, n))).toEqual([
			0,
			30 * SECOND,
			MINUTE,
			2 * MINUTE,
			4 * MINUTE,
			8 * MINUTE,
			15 * MINUTE,
			15 * MINUTE
		]);
	});
});
