/**
 * Limits on citizens' answers (feedback-points/answer-limits.ts) over their counters in the
 * database, on SQLite and PostgreSQL: the windows per client and per point, a refusal that counts
 * nowhere, exact counts when answers arrive at once, and the day's key shared through the
 * database (every instance hashes an address alike) and replaced the next day.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { AnswerLimiter, clientKeyOf } from '$lib/server/feedback-points';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const DAY = 86_400_000;

describe.each(testDatabases)('limits on citizens’ answers on $name', (kind) => {
	const ctx = useSyncContext(kind);
	beforeEach(() => new AnswerLimiter().reset(ctx.db));

	it('refuses a client past its window, says how long to wait, and lets it in again after', async () => {
		const limiter = new AnswerLimiter({ max: 2, windowMs: 60_000 }, { max: 100, windowMs: 3_600_000 });
		expect(await limiter.admit(ctx.db, 'c', 'p', 0)).toEqual({ admitted: true });
		expect(await limiter.admit(ctx.db, 'c', 'p', 1_000)).toEqual({ admitted: true });
		expect(await limiter.admit(ctx.db, 'c', 'p', 20_000)).toEqual({ admitted: false, by: 'client', retryAfterSeconds: 40 });
		expect(await limiter.admit(ctx.db, 'other', 'p', 20_000)).toEqual({ admitted: true });
		expect(await limiter.admit(ctx.db, 'c', 'p', 60_000)).toEqual({ admitted: true });
	});

	it('refuses a point past its window whatever the client, counting refused answers nowhere', async () => {
		const limiter = new AnswerLimiter({ max: 10, windowMs: 60_000 }, { max: 3, windowMs: 3_600_000 });
		for (const c of ['a', 'b', 'c']) expect((await limiter.admit(ctx.db, c, 'p', 0)).admitted).toBe(true);
		expect(await limiter.admit(ctx.db, 'd', 'p', 1_000)).toMatchObject({ admitted: false, by: 'point', retryAfterSeconds: 3599 });
		expect((await limiter.admit(ctx.db, 'd', 'q', 1_000)).admitted).toBe(true);
		const d = await ctx.db
			.selectFrom('rate_counters')
			.select('hits')
			.where('scope', '=', 'answer_client')
			.where('key', '=', 'd')
			.executeTakeFirst();
		expect(Number(d?.hits)).toBe(1);
	});

	it('admits exactly the point’s limit when many answers arrive at once', async () => {
		const limiter = new AnswerLimiter({ max: 10, windowMs: 60_000 }, { max: 7, windowMs: 3_600_000 });
		const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => limiter.admit(ctx.db, `client-${i}`, 'busy', 5_000)));
		expect(answers.filter((a) => a.admitted)).toHaveLength(7);
		const point = await ctx.db
			.selectFrom('rate_counters')
			.select('hits')
			.where('scope', '=', 'answer_point')
			.where('key', '=', 'busy')
			.executeTakeFirst();
		expect(Number(point?.hits)).toBe(7);
	});

	it('sweeps windows that have passed when a new one starts', async () => {
		const limiter = new AnswerLimiter({ max: 10, windowMs: 60_000 }, { max: 100, windowMs: 60_000 });
		await limiter.admit(ctx.db, 'early', 'p-old', 0);
		await limiter.admit(ctx.db, 'late', 'p-new', 120_000);
		const keys = (await ctx.db.selectFrom('rate_counters').select('key').where('scope', 'like', 'answer_%').execute()).map((r) => r.key);
		expect(keys.sort()).toEqual(['late', 'p-new']);
	});

	it('keys a client by a hash of its address under the day’s key kept in the database, replaced the next day', async () => {
		const today = await clientKeyOf(ctx.db, '203.0.113.7', 10 * DAY + 5);
		expect(await clientKeyOf(ctx.db, '203.0.113.7', 10 * DAY + 9_000)).toBe(today);
		expect(await clientKeyOf(ctx.db, '203.0.113.8', 10 * DAY + 9_000)).not.toBe(today);
		expect(today).not.toContain('203');
		expect(await ctx.db.selectFrom('daily_keys').select('day').execute()).toEqual([{ day: 10 }]);
		expect(await clientKeyOf(ctx.db, '203.0.113.7', 11 * DAY)).not.toBe(today);
		// Yesterday's key is gone, so yesterday's hashes can no longer be linked to anything.
		expect((await ctx.db.selectFrom('daily_keys').select('day').execute()).map((r) => Number(r.day))).toEqual([11]);
	});
});
