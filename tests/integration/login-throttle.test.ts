/**
 * Sign-in throttling against the real database (must-show 3): guessing from many addresses does
 * not lock the real person out, and throttled attempts reach the audit trail without flooding it.
 */
import { describe, expect, it } from 'vitest';
import { logIn, LoginRateLimiter, users } from '$lib/server/auth';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}.${Date.now().toString(36)}${(counter++).toString(36)}`;
const password = 'mat-khau-du-dai-1';

describe.each(testDatabases)('sign-in throttling on $name', (kind) => {
	const ctx = useSyncContext(kind);
	const newUser = () =>
		users.create(ctx.db, { username: uniqueName('kiemtra'), displayName: 'A', role: 'inspector', provinceCode: 1, password }, null);

	it('an attacker guessing from 60 addresses does not keep the real person out of their own device', async () => {
		const limiter = new LoginRateLimiter();
		const user = await newUser();
		const own = '203.0.113.20';
		expect(await logIn(ctx.db, { username: user.username, password }, { address: own, limiter })).toMatchObject({ ok: true });

		const answers = [];
		for (let i = 0; i < 60; i++) {
			const attempt = await logIn(ctx.db, { username: user.username, password: 'doan-mo-mat-khau' }, { address: `10.9.0.${i}`, limiter });
			answers.push(attempt.ok ? 200 : attempt.status);
		}
		// The account's soft limit holds the spread-out guesses back once ten have failed…
		expect(answers.slice(0, 10).every((s) => s === 401)).toBe(true);
		expect(answers.slice(10)).toContain(429);
		// …but not the person on the address they signed in from before.
		expect(await logIn(ctx.db, { username: user.username, password }, { address: own, limiter })).toMatchObject({ ok: true });
		// A new device waits a minute at most.
		const fresh = await logIn(ctx.db, { username: user.username, password }, { address: '192.0.2.30', limiter });
		expect(fresh.ok || (fresh.status === 429 && (fresh.retryAfterSeconds ?? 0) <= 60)).toBe(true);
	});

	it('audits the first throttled attempt of an account and address, not every one', async () => {
		const limiter = new LoginRateLimiter();
		const user = await newUser();
		const address = '198.51.100.90';
		for (let i = 0; i < 5; i++) await logIn(ctx.db, { username: user.username, password: 'sai-mat-khau-roi' }, { address, limiter });
		for (let i = 0; i < 4; i++) {
			expect(await logIn(ctx.db, { username: user.username, password }, { address, limiter })).toMatchObject({ ok: false, status: 429 });
		}
		const rows = await ctx.db
			.selectFrom('audit_log')
			.select(['action', 'detail'])
			.where('detail', 'like', `%${user.username}%`)
			.where('action', 'like', 'login%')
			.orderBy('seq')
			.execute();
		expect(rows.map((r) => r.action)).toEqual([...Array<string>(5).fill('login_failed'), 'login_throttled']);
		expect(JSON.parse(rows[5]!.detail)).toMatchObject({
			username: user.username,
			address,
			attempt: 'login',
			by: 'pair',
			retryAfterSeconds: 30
		});
	});
});
