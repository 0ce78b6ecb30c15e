import { describe, expect, it } from 'vitest';
import { backoffDelay, defaultLoginLimits, LoginRateLimiter } from './rate-limit';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** `n` wrong passwords for `account` from `address`, each as soon as the throttle allows. */
function failUntilHeld(limiter: LoginRateLimiter, account: string, address: string, n: number, start: number): number {
	let now = start;
	for (let i = 0; i < n; i++) {
		const decision = limiter.check(account, address, now);
		if (decision.limited) now += decision.retryAfterSeconds * SECOND;
		limiter.recordFailure(account, address, now);
	}
	return now;
}

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

	it('holds one address guessing one account back longer and longer', () => {
		const limiter = new LoginRateLimiter();
		const now = failUntilHeld(limiter, 'an', '198.51.100.1', 5, 0);
		const first = limiter.check('an', '198.51.100.1', now);
		expect(first).toMatchObject({ limited: true, retryAfterSeconds: 30, by: 'pair' });
		const later = failUntilHeld(limiter, 'an', '198.51.100.1', 3, now);
		expect(limiter.check('an', '198.51.100.1', later)).toMatchObject({ limited: true, retryAfterSeconds: 4 * 60 });
	});

	it('holds one address trying many accounts back after 20 failures', () => {
		const limiter = new LoginRateLimiter();
		for (let i = 0; i < 20; i++) limiter.recordFailure(`user${i}`, '198.51.100.2', 0);
		expect(limiter.check('someone-else', '198.51.100.2', 1)).toMatchObject({ limited: true, by: 'address' });
		expect(limiter.check('someone-else', '198.51.100.3', 1)).toEqual({ limited: false });
	});

	it('never locks the real user out when an attacker guesses from a thousand addresses', () => {
		const limiter = new LoginRateLimiter();
		// The real person signed in from their phone's address before.
		limiter.recordSuccess('binh', '203.0.113.9', 0);
		let now = 1000;
		for (let i = 0; i < 1000; i++) {
			const address = `10.0.${Math.floor(i / 250)}.${i % 250}`;
			const decision = limiter.check('binh', address, now);
			if (decision.limited) now += decision.retryAfterSeconds * SECOND;
			limiter.recordFailure('binh', address, now);
		}
		// Their own device: no wait at all.
		expect(limiter.check('binh', '203.0.113.9', now)).toEqual({ limited: false });
		// A device they never used: the soft account limit, one minute at most.
		const fresh = limiter.check('binh', '192.0.2.77', now);
		expect(fresh).toMatchObject({ limited: true, by: 'account' });
		expect(fresh.limited && fresh.retryAfterSeconds).toBeLessThanOrEqual(defaultLoginLimits.account.maxMs / SECOND);
		expect(limiter.check('binh', '192.0.2.77', now + MINUTE)).toEqual({ limited: false });
		// …and the attacker spread over those addresses got about one guess a minute.
		expect(now).toBeGreaterThan(900 * MINUTE);
	});

	it('asks to audit the first refusal of an account and address in a minute, not the flood', () => {
		const limiter = new LoginRateLimiter();
		const now = failUntilHeld(limiter, 'an', '198.51.100.4', 5, 0);
		const audits = [0, 1, 2, 30].map((s) => limiter.check('an', '198.51.100.4', now + s * SECOND)).map((d) => d.limited && d.audit);
		expect(audits).toEqual([true, false, false, false]);
		limiter.recordFailure('an', '198.51.100.4', now + 31 * SECOND);
		expect(limiter.check('an', '198.51.100.4', now + 61 * SECOND + 1)).toMatchObject({ limited: true, audit: true });
	});

	it('forgets failures a day after the last one, and a success clears the account', () => {
		const limiter = new LoginRateLimiter();
		const now = failUntilHeld(limiter, 'an', '198.51.100.5', 6, 0);
		expect(limiter.check('an', '198.51.100.5', now).limited).toBe(true);
		expect(limiter.check('an', '198.51.100.5', now + defaultLoginLimits.forgetAfterMs).limited).toBe(false);
		failUntilHeld(limiter, 'chi', '198.51.100.6', 6, 0);
		limiter.recordSuccess('chi', '198.51.100.6', 10 * MINUTE);
		expect(limiter.check('chi', '198.51.100.6', 10 * MINUTE)).toEqual({ limited: false });
	});
});
