/**
 * Limits on citizens' answers that identify nobody (docs/feedback-point.md): a fixed window per
 * point and one per client, where "client" is a keyed hash of the network address — HMAC-SHA256
 * with a random key drawn every day. The address itself is never stored, logged or kept here;
 * yesterday's hashes cannot be linked to today's.
 *
 * Both the counts (`rate_counters`) and the day's key (`daily_keys`) live in the database, so
 * every app instance behind it hashes an address alike and counts it once: answers spread over
 * the instances meet one limit. The price: while a client's window lasts (ten minutes), someone
 * who can read the database could test guessed addresses against its hash; the key is deleted
 * the next day and the window's row when it has passed.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { CLIENT_LIMIT, TOKEN_LIMIT, type AnswerLimit } from '$lib/domain/feedback-point';
import type { Database } from '../db/schema';
import * as counters from '../rate-counters';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The day's key once read: it never changes for that day, so every instance may keep it. */
let known = { day: -1, key: Buffer.alloc(0) };

/** The key of `day`: the first instance to need it draws it, every other one reads that one. */
async function keyOfDay(db: Kysely<Database>, day: number): Promise<Buffer> {
	if (known.day === day) return known.key;
	const drawn = await db
		.insertInto('daily_keys')
		.values({ day, key: randomBytes(32).toString('base64url') })
		.onConflict((oc) => oc.column('day').doNothing())
		.returning('key')
		.executeTakeFirst();
	if (drawn) await db.deleteFrom('daily_keys').where('day', '<', day).execute();
	const row = drawn ?? (await db.selectFrom('daily_keys').select('key').where('day', '=', day).executeTakeFirstOrThrow());
	known = { day, key: Buffer.from(row.key, 'base64url') };
	return known.key;
}

/** The client's key for today: a hash of the address under today's key, never the address. */
export async function clientKeyOf(db: Kysely<Database>, address: string, now = Date.now()): Promise<string> {
	const key = await keyOfDay(db, Math.floor(now / DAY_MS));
	return createHmac('sha256', key).update(address).digest('base64url').slice(0, 22);
}

export type AnswerAdmission = { admitted: true } | { admitted: false; by: 'client' | 'point'; retryAfterSeconds: number };

/** Thrown inside the admission's transaction to take its counts back. */
class Refused extends Error {
	constructor(readonly admission: Extract<AnswerAdmission, { admitted: false }>) {
		super('answer refused');
	}
}

export class AnswerLimiter {
	constructor(
		readonly client: AnswerLimit = CLIENT_LIMIT,
		readonly point: AnswerLimit = TOKEN_LIMIT
	) {}

	/**
	 * Counts one answer from `clientKey` to `pointId`, or refuses it (and counts nothing) while
	 * either is at its limit. Both counts go up in one transaction that is rolled back on refusal;
	 * the client's row is always taken before the point's, so concurrent admissions cannot deadlock.
	 */
	async admit(db: Kysely<Database>, clientKey: string, pointId: string, now = Date.now()): Promise<AnswerAdmission> {
		let admission: AnswerAdmission;
		let newWindow = false;
		try {
			admission = await db.transaction().execute(async (trx) => {
				const client = await counters.hitWindow(trx, { scope: 'answer_client', key: clientKey }, now, this.client.windowMs);
				const point = await counters.hitWindow(trx, { scope: 'answer_point', key: pointId }, now, this.point.windowMs);
				const wait = (c: counters.Counter, limit: AnswerLimit) => (c.hits > limit.max ? c.markedAt + limit.windowMs - now : 0);
				const [byClient, byPoint] = [wait(client, this.client), wait(point, this.point)];
				if (byClient > 0 || byPoint > 0) {
					const by = byPoint > byClient ? 'point' : 'client';
					throw new Refused({ admitted: false, by, retryAfterSeconds: Math.ceil(Math.max(byClient, byPoint) / 1000) });
				}
				newWindow = client.hits === 1;
				return { admitted: true } as const;
			});
		} catch (e) {
			if (e instanceof Refused) return e.admission;
			throw e;
		}
		// A new window is a new row: a good moment to drop the rows whose windows have passed
		// (after the commit, so the sweep holds no counter of this admission).
		if (newWindow) await counters.sweep(db, now);
		return admission;
	}

	/** Forgets every count (tests). */
	async reset(db: Kysely<Database>): Promise<void> {
		await counters.removeScopes(db, 'answer_');
	}
}

/** The server's limiter for POST /api/feedback/<token>. */
export const answerLimiter = new AnswerLimiter();
