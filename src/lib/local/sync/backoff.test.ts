import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
	it('doubles per failure within a jittered band and stops at the maximum', () => {
		expect(backoffDelay(1, () => 0)).toBe(1000);
		expect(backoffDelay(1, () => 1)).toBe(2000);
		expect(backoffDelay(3, () => 0.5)).toBe(6000);
		expect(backoffDelay(30, () => 1)).toBe(300_000);
	});
});
