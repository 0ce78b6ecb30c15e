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
 * 30 days; counts are forgotten a day after the last failure. In memory on purpose: one server
 * process per deployment, and a restart costs an attacker nothing they could not get by waiting.
 * Several processes behind a load balancer would each count on their own — move this into the
 * database if that ever happens.
 */

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
	/** Keys kept per counter before stale ones are swept. */
	maxKeys?: number;
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

interface Count {
	failures: number;
	last: number;
}

/** A bounded map whose entries expire `ttlMs` after their time; the oldest go first when full. */
class ExpiringMap<V extends { last: number }> {
	readonly #entries = new Map<string, V>();

	constructor(
		readonly ttlMs: number,
		readonly maxKeys: number
	) {}

	get(key: string, now: number): V | undefined {
		const entry = this.#entries.get(key);
		if (entry && now - entry.last >= this.ttlMs) {
			this.#entries.delete(key);
			return undefined;
		}
		return entry;
	}

	set(key: string, value: V, now: number): void {
		// Re-inserting keeps the map in order of last change, so the sweep drops the stalest.
		this.#entries.delete(key);
		this.#entries.set(key, value);
		if (this.#entries.size > this.maxKeys) this.#sweep(now);
	}

	delete(key: string): void {
		this.#entries.delete(key);
	}

	clear(): void {
		this.#entries.clear();
	}

	#sweep(now: number): void {
		for (const [key, entry] of this.#entries) if (now - entry.last >= this.ttlMs) this.#entries.delete(key);
		// Still too many live keys (a flood from many addresses): forget the oldest.
		for (const key of this.#entries.keys()) {
			if (this.#entries.size <= this.maxKeys) break;
			this.#entries.delete(key);
		}
	}
}

/** Failures per key, each key's next attempt held back by its backoff. */
class BackoffCounter {
	readonly #counts: ExpiringMap<Count>;

	constructor(
		readonly backoff: Backoff,
		forgetAfterMs: number,
		maxKeys: number
	) {
		this.#counts = new ExpiringMap(forgetAfterMs, maxKeys);
	}

	/** Milliseconds until `key` may try again, or 0 when it may now. */
	waitFor(key: string, now: number): number {
		const count = this.#counts.get(key, now);
		if (!count) return 0;
		return Math.max(0, count.last + backoffDelay(this.backoff, count.failures) - now);
	}

	hit(key: string, now: number): void {
		const failures = (this.#counts.get(key, now)?.failures ?? 0) + 1;
		this.#counts.set(key, { failures, last: now }, now);
	}

	clear(key: string): void {
		this.#counts.delete(key);
	}

	reset(): void {
		this.#counts.clear();
	}
}

const pairKey = (account: string, address: string) => `${account}\n${address}`;

export class LoginRateLimiter {
	readonly #pairs: BackoffCounter;
	readonly #addresses: BackoffCounter;
	readonly #accounts: BackoffCounter;
	/** account + address pairs that signed in successfully. */
	readonly #known: ExpiringMap<{ last: number }>;
	/** When the last refusal of a pair was audited. */
	readonly #audited: ExpiringMap<{ last: number }>;

	constructor(options: RateLimitOptions = defaultLoginLimits) {
		const maxKeys = options.maxKeys ?? 50_000;
		this.#pairs = new BackoffCounter(options.pair, options.forgetAfterMs, maxKeys);
		this.#addresses = new BackoffCounter(options.address, options.forgetAfterMs, maxKeys);
		this.#accounts = new BackoffCounter(options.account, options.forgetAfterMs, maxKeys);
		this.#known = new ExpiringMap(options.knownAddressMs, maxKeys);
		this.#audited = new ExpiringMap(MINUTE, maxKeys);
	}

	/** Whether a login for `account` from `address` may be attempted now. */
	check(account: string, address: string, now = Date.now()): RateDecision {
		const pair = pairKey(account, address);
		const waits = {
			pair: this.#pairs.waitFor(pair, now),
			address: this.#addresses.waitFor(address, now),
			account: this.#known.get(pair, now) ? 0 : this.#accounts.waitFor(account, now)
		};
		const [by, wait] = (Object.entries(waits) as [keyof typeof waits, number][]).reduce((a, b) => (b[1] > a[1] ? b : a));
		if (wait === 0) return { limited: false };
		const retryAfterSeconds = Math.ceil(wait / SECOND);
		const audit = this.#audited.get(pair, now) === undefined;
		if (audit) this.#audited.set(pair, { last: now }, now);
		const minutes = Math.ceil(retryAfterSeconds / 60);
		const message =
			retryAfterSeconds < 60
				? `Too many failed sign-ins; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`
				: `Too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`;
		return { limited: true, retryAfterSeconds, message, by, audit };
	}

	recordFailure(account: string, address: string, now = Date.now()): void {
		this.#pairs.hit(pairKey(account, address), now);
		this.#addresses.hit(address, now);
		this.#accounts.hit(account, now);
	}

	/** A correct password: the account starts afresh and `address` becomes one of its own. */
	recordSuccess(account: string, address: string, now = Date.now()): void {
		const pair = pairKey(account, address);
		this.#pairs.clear(pair);
		this.#accounts.clear(account);
		this.#known.set(pair, { last: now }, now);
	}

	/** Forgets everything (tests). */
	reset(): void {
		this.#pairs.reset();
		this.#addresses.reset();
		this.#accounts.reset();
		this.#known.clear();
		this.#audited.clear();
	}
}

/** The server's limiter for POST /api/auth/login and password changes. */
export const loginRateLimiter = new LoginRateLimiter();
