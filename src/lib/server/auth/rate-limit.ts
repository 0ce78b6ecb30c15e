/**
 * Failed-login throttling that slows guessing without letting anyone lock a real user out
 * (OWASP ASVS 2.2.1). Three counters, each a growing delay rather than a lock:
 *
 * - per account and address: the next attempt waits 30 s after 5 failures, then 1, 2, 4, 8 and
 *   at most 15 minutes — one place guessing one person's password is slowed hard;
 * - per address: after 20 failures, whatever the accounts, the same doubling up to an hour — one
 *   place trying many accounts (a password spray) is slowed hard;
 * - per account from anywhere: after 10 failures a soft delay of 5 s doubling to at most one
 *   minute, and none at all from an address that has signed in to this account before. An
 *   attacker spread over many addresses thus gets about one guess a minute, and the real person
 *   waits a minute at worst on a new device and not at all on their own.
 *
 * A success clears the account's counters and remembers the address as the account's own for
 * 30 days; counts are forgotten a day after the last failure. The counts live in the database
 * (`rate_counters`), not in this process: with several app instances behind a proxy, guesses
 * spread over the instances are held back as if they all went to one.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import * as counters from '../rate-counters';

export interface Backoff {
	/** Failures allowed before any delay. */
	free: number;
	/** The first delay; each further failure doubles it. */
	baseMs: number;
	/** The longest delay. */
	maxMs: number;
}

export interface RateLimitOptions {
	pair: Backoff;
	address: Backoff;
	account: Backoff;
	/** A counter is forgotten this long after its last failure. */
	forgetAfterMs: number;
	/** An address that signed in to an account is exempt from that account's limit this long. */
	knownAddressMs: number;
}

export type RateDecision =
	| { limited: false }
	| {
			limited: true;
			retryAfterSeconds: number;
			message: string;
			/** Which counter holds the attempt back (the longest wait). */
			by: 'pair' | 'address' | 'account';
			/** True for the first refusal of this account and address in a minute: audit that one, not the flood. */
			audit: boolean;
	  };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

export const defaultLoginLimits: RateLimitOptions = {
	pair: { free: 5, baseMs: 30 * SECOND, maxMs: 15 * MINUTE },
	address: { free: 20, baseMs: 30 * SECOND, maxMs: 60 * MINUTE },
	account: { free: 10, baseMs: 5 * SECOND, maxMs: MINUTE },
	forgetAfterMs: DAY,
	knownAddressMs: 30 * DAY
};

/** The wait after `failures` failures under `b`: 0 while free, then doubling up to the maximum. */
export function backoffDelay(b: Backoff, failures: number): number {
	if (failures < b.free) return 0;
	const doublings = Math.min(failures - b.free, 30);
	return Math.min(b.maxMs, b.baseMs * 2 ** doublings);
}

const pairKey = (account: string, address: string) => `${account}\n${address}`;

/**
 * The rules above over the shared counters (lib/server/rate-counters.ts): every instance behind
 * the database reads and bumps the same rows, so failures spread over instances add up as one.
 *
 * Checking and counting are separate steps (whether an attempt failed is only known after the
 * password check), so attempts that arrive together at a counter's edge all pass the check; each
 * still counts, and the next one waits the longer for it.
 */
export class LoginRateLimiter {
	constructor(readonly options: RateLimitOptions = defaultLoginLimits) {}

	/** Whether a login for `account` from `address` may be attempted now. */
	async check(db: Kysely<Database>, account: string, address: string, now = Date.now()): Promise<RateDecision> {
		const pair = { scope: 'login_pair', key: pairKey(account, address) };
		const byAddress = { scope: 'login_address', key: address };
		const byAccount = { scope: 'login_account', key: account };
		const known = { scope: 'login_known', key: pair.key };
		const live = await counters.readLive(db, [pair, byAddress, byAccount, known], now);
		const waitFor = (key: counters.CounterKey, backoff: Backoff) => {
			const count = live.get(counters.counterId(key));
			return count ? Math.max(0, count.markedAt + backoffDelay(backoff, count.hits) - now) : 0;
		};
		const waits = {
			pair: waitFor(pair, this.options.pair),
			address: waitFor(byAddress, this.options.address),
			account: live.has(counters.counterId(known)) ? 0 : waitFor(byAccount, this.options.account)
		};
		const [by, wait] = (Object.entries(waits) as [keyof typeof waits, number][]).reduce((a, b) => (b[1] > a[1] ? b : a));
		if (wait === 0) return { limited: false };
		const retryAfterSeconds = Math.ceil(wait / SECOND);
		// Whichever instance marks it first audits; the others within the minute do not.
		const audit = await counters.markOnce(db, { scope: 'login_audited', key: pair.key }, now, MINUTE);
		const minutes = Math.ceil(retryAfterSeconds / 60);
		const message =
			retryAfterSeconds < 60
				? `Too many failed sign-ins; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`
				: `Too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`;
		return { limited: true, retryAfterSeconds, message, by, audit };
	}

	/** One failure on the pair, the address and the account, in one statement; stale rows are swept. */
	async recordFailure(db: Kysely<Database>, account: string, address: string, now = Date.now()): Promise<void> {
		const keys = [
			{ scope: 'login_pair', key: pairKey(account, address) },
			{ scope: 'login_address', key: address },
			{ scope: 'login_account', key: account }
		];
		await counters.slide(db, keys, now, this.options.forgetAfterMs);
		await counters.sweep(db, now);
	}

	/** A correct password: the account starts afresh and `address` becomes one of its own. */
	async recordSuccess(db: Kysely<Database>, account: string, address: string, now = Date.now()): Promise<void> {
		const pair = pairKey(account, address);
		await counters.remove(db, [
			{ scope: 'login_pair', key: pair },
			{ scope: 'login_account', key: account }
		]);
		await counters.mark(db, { scope: 'login_known', key: pair }, now, this.options.knownAddressMs);
	}

	/** Forgets every sign-in counter (tests). */
	async reset(db: Kysely<Database>): Promise<void> {
		await counters.removeScopes(db, 'login_');
	}
}

/** The server's limiter for POST /api/auth/login and password changes. */
export const loginRateLimiter = new LoginRateLimiter();
