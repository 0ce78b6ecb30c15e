import { describe, expect, it } from 'vitest';
import { AnswerLimiter, clientKeyOf } from './answer-limits';

describe('limits on citizens’ answers', () => {
	it('refuses a client past its window, says how long to wait, and lets it in again after', () => {
		const limiter = new AnswerLimiter({ max: 2, windowMs: 60_000 }, { max: 100, windowMs: 3_600_000 });
		expect(limiter.admit('c', 'p', 0)).toEqual({ admitted: true });
		expect(limiter.admit('c', 'p', 1_000)).toEqual({ admitted: true });
		expect(limiter.admit('c', 'p', 20_000)).toEqual({ admitted: false, by: 'client', retryAfterSeconds: 40 });
		expect(limiter.admit('other', 'p', 20_000)).toEqual({ admitted: true });
		expect(limiter.admit('c', 'p', 60_000)).toEqual({ admitted: true });
	});

	it('refuses a point past its window whatever the client, counting refused answers nowhere', () => {
		const limiter = new AnswerLimiter({ max: 10, windowMs: 60_000 }, { max: 3, windowMs: 3_600_000 });
		for (const c of ['a', 'b', 'c']) expect(limiter.admit(c, 'p', 0).admitted).toBe(true);
		expect(limiter.admit('d', 'p', 1_000)).toMatchObject({ admitted: false, by: 'point', retryAfterSeconds: 3599 });
		expect(limiter.admit('d', 'q', 1_000).admitted).toBe(true);
	});

	it('keys a client by a hash of its address that changes every day and never contains it', () => {
		const day = 86_400_000;
		const today = clientKeyOf('203.0.113.7', 10 * day + 5);
		expect(clientKeyOf('203.0.113.7', 10 * day + 9_000)).toBe(today);
		expect(clientKeyOf('203.0.113.8', 10 * day + 9_000)).not.toBe(today);
		expect(today).not.toContain('203');
		expect(clientKeyOf('203.0.113.7', 11 * day)).not.toBe(today);
	});
});
