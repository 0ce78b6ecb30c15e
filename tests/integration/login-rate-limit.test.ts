/**
 * The sign-in throttle's rules (auth/rate-limit.ts) over its counters in the database, on SQLite
 * and PostgreSQL: the backoffs, the spray and spread-out guessing cases, the audit once a minute,
 * forgetting; and counts that stay exact when many failures land at the same moment (one UPSERT
 * per failure, so parallel connections — as from several app instances — lose none).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultLoginLimits, LoginRateLimiter } from '$lib/server/auth';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe.each(testDatabases)('sign-in throttle counters on $name', (kind) => {
	const ctx = useSyncContext(kind);
	const limiter = new LoginRateLimiter();
	beforeEach(() => limiter.reset(ctx.db));

	/** `n` wrong passwords for `account` from `address`, each as soon as the throttle allows. */
	async function failUntilHeld(account: string, address: string, n: number, start: number): Promise<number> {
		let now = start;
		for (let i = 0; i < n; i++) {
			const decision = await limiter.check(ctx.db, account, address, now);
			if (decision.limited) now += decision.retryAfterSeconds * SECOND;
			await limiter.recordFailure(ctx.db, account, address, now);
		}
		return now;
	}

	it('holds one address guessing one account back longer and longer', async () => {
		const now = await failUntilHeld('an', '198.51.100.1', 5, 0);
		const first = await limiter.check(ctx.db, 'an', '198.51.100.1', now);
		expect(first).toMatchObject({ limited: true, retryAfterSeconds: 30, by: 'pair' });
		const later = await failUntilHeld('an', '198.51.100.1', 3, now);
		expect(await limiter.check(ctx.db, 'an', '198.51.100.1', later)).toMatchObject({ limited: true, retryAfterSeconds: 4 * 60 });
	});

	it('holds one address trying many accounts back after 20 failures', async () => {
		for (let i = 0; i < 20; i++) await limiter.recordFailure(ctx.db, `user${i}`, '198.51.100.2', 0);
		expect(await limiter.check(ctx.db, 'someone-else', '198.51.100.2', 1)).toMatchObject({ limited: true, by: 'address' });
		expect(await limiter.check(ctx.db, 'someone-else', '198.51.100.3', 1)).toEqual({ limited: false });
	});

	it('never locks the real user out when an attacker guesses from a thousand addresses', async () => {
		// The real person signed in from their phone's address before.
		await limiter.recordSuccess(ctx.db, 'binh', '203.0.113.9', 0);
		let now = 1000;
		for (let i = 0; i < 1000; i++) {
			const address = `10.0.${Math.floor(i / 250)}.${i % 250}`;
			const decision = await limiter.check(ctx.db, 'binh', address, now);
			if (decision.limited) now += decision.retryAfterSeconds * SECOND;
			await limiter.recordFailure(ctx.db, 'binh', address, now);
		}
		// Their own device: no wait at all.
		expect(await limiter.check(ctx.db, 'binh', '203.0.113.9', now)).toEqual({ limited: false });
		// A device they never used: the soft account limit, one minute at most.
		const fresh = await limiter.check(ctx.db, 'binh', '192.0.2.77', now);
		expect(fresh).toMatchObject({ limited: true, by: 'account' });
		expect(fresh.limited && fresh.retryAfterSeconds).toBeLessThanOrEqual(defaultLoginLimits.account.maxMs / SECOND);
		expect(await limiter.check(ctx.db, 'binh', '192.0.2.77', now + MINUTE)).toEqual({ limited: false });
		// …and the attacker spread over those addresses got about one guess a minute.
		expect(now).toBeGreaterThan(900 * MINUTE);
	});

	it('asks to audit the first refusal of an account and address in a minute, not the flood', async () => {
		const now = await failUntilHeld('an', '198.51.100.4', 5, 0);
		const audits = [];
		for (const s of [0, 1, 2, 30]) {
			const d = await limiter.check(ctx.db, 'an', '198.51.100.4', now + s * SECOND);
			audits.push(d.limited && d.audit);
		}
		expect(audits).toEqual([true, false, false, false]);
		await limiter.recordFailure(ctx.db, 'an', '198.51.100.4', now + 31 * SECOND);
		expect(await limiter.check(ctx.db, 'an', '198.51.100.4', now + 61 * SECOND + 1)).toMatchObject({ limited: true, audit: true });
	});

	it('forgets failures a day after the last one, and a success clears the account', async () => {
		const now = await failUntilHeld('an', '198.51.100.5', 6, 0);
		expect((await limiter.check(ctx.db, 'an', '198.51.100.5', now)).limited).toBe(true);
		expect((await limiter.check(ctx.db, 'an', '198.51.100.5', now + defaultLoginLimits.forgetAfterMs)).limited).toBe(false);
		await failUntilHeld('chi', '198.51.100.6', 6, 0);
		await limiter.recordSuccess(ctx.db, 'chi', '198.51.100.6', 10 * MINUTE);
		expect(await limiter.check(ctx.db, 'chi', '198.51.100.6', 10 * MINUTE)).toEqual({ limited: false });
	});

	it('counts every one of many failures that arrive at once', async () => {
		const at = 5 * MINUTE;
		await Promise.all(Array.from({ length: 40 }, (_, i) => limiter.recordFailure(ctx.db, 'dung', `192.0.2.${i % 4}`, at)));
		const rows = await ctx.db.selectFrom('rate_counters').select(['scope', 'key', 'hits']).where('scope', 'like', 'login_%').execute();
		const hits = Object.fromEntries(rows.map((r) => [`${r.scope} ${r.key.replace('\n', '@')}`, Number(r.hits)]));
		expect(hits).toEqual({
			'login_account dung': 40,
			...Object.fromEntries(
				[0, 1, 2, 3].flatMap((i) => [
					[`login_address 192.0.2.${i}`, 10],
					[`login_pair dung@192.0.2.${i}`, 10]
				])
			)
		});
		// …and when many are refused at once, exactly one of them is audited.
		const decisions = await Promise.all(Array.from({ length: 10 }, () => limiter.check(ctx.db, 'dung', '192.0.2.0', at + 1)));
		expect(decisions.filter((d) => d.limited && d.audit)).toHaveLength(1);
	});
});
