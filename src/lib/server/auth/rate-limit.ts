/**
 * Failed-login throttling, in memory: a sliding window per account (slows down guessing one
 * person's password) and per client address (slows down trying many accounts from one place).
 *
 * In memory on purpose: one server process per deployment, and a restart forgetting the
 * counters costs an attacker's budget of one window at most. Several processes behind a load
 * balancer would each count on their own — move this into the database if that ever happens.
 */

export interface WindowLimit {
	/** Failures allowed inside the window; the next attempt is refused. */
	max: number;
	windowMs: number;
}

export interface RateLimitOptions {
	account: WindowLimit;
	address: WindowLimit;
	/** Keys kept per counter before stale ones are swept. */
	maxKeys?: number;
}

export type RateDecision = { limited: false } | { limited: true; retryAfterSeconds: number; message: string };

const FIFTEEN_MINUTES = 15 * 60 * 1000;

export const defaultLoginLimits: RateLimitOptions = {
	account: { max: 5, windowMs: FIFTEEN_MINUTES },
	address: { max: 20, windowMs: FIFTEEN_MINUTES }
};

/** Failure times per key inside one window. */
class SlidingWindow {
	readonly #hits = new Map<string, number[]>();

	constructor(
		readonly limit: WindowLimit,
		readonly maxKeys: number
	) {}

	/** Milliseconds until `key` may try again, or 0 when it may now. */
	waitFor(key: string, now: number): number {
		const hits = this.#recent(key, now);
		if (hits.length < this.limit.max) return 0;
		// The attempt is allowed again once enough old failures have left the window.
		const freeingHit = hits[hits.length - this.limit.max] ?? now;
		return Math.max(1, freeingHit + this.limit.windowMs - now);
	}

	hit(key: string, now: number): void {
		const hits = this.#recent(key, now);
		hits.push(now);
		this.#hits.set(key, hits);
		if (this.#hits.size > this.maxKeys) this.#sweep(now);
	}

	clear(key: string): void {
		this.#hits.delete(key);
	}

	reset(): void {
		this.#hits.clear();
	}

	#recent(key: string, now: number): number[] {
		const since = now - this.limit.windowMs;
		return (this.#hits.get(key) ?? []).filter((t) => t > since);
	}

	#sweep(now: number): void {
		for (const key of [...this.#hits.keys()]) {
			if (this.#recent(key, now).length === 0) this.#hits.delete(key);
		}
		// Still too many live keys (a flood from many addresses): forget the oldest.
		for (const key of this.#hits.keys()) {
			if (this.#hits.size <= this.maxKeys) break;
			this.#hits.delete(key);
		}
	}
}

export class LoginRateLimiter {
	readonly #accounts: SlidingWindow;
	readonly #addresses: SlidingWindow;

	constructor(options: RateLimitOptions = defaultLoginLimits) {
		const maxKeys = options.maxKeys ?? 50_000;
		this.#accounts = new SlidingWindow(options.account, maxKeys);
		this.#addresses = new SlidingWindow(options.address, maxKeys);
	}

	/** Whether a login for `account` from `address` may be attempted now. */
	check(account: string, address: string, now = Date.now()): RateDecision {
		const wait = Math.max(this.#accounts.waitFor(account, now), this.#addresses.waitFor(address, now));
		if (wait === 0) return { limited: false };
		const retryAfterSeconds = Math.ceil(wait / 1000);
		const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
		return {
			limited: true,
			retryAfterSeconds,
			message: `Too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`
		};
	}

	recordFailure(account: string, address: string, now = Date.now()): void {
		this.#accounts.hit(account, now);
		this.#addresses.hit(address, now);
	}

	/** A correct password: the account starts afresh (the address keeps its count). */
	recordSuccess(account: string): void {
		this.#accounts.clear(account);
	}

	/** Forgets everything (tests). */
	reset(): void {
		this.#accounts.reset();
		this.#addresses.reset();
	}
}

/** The server's limiter for POST /api/auth/login and password changes. */
export const loginRateLimiter = new LoginRateLimiter();
