/**
 * Limits on citizens' answers that identify nobody (docs/feedback-point.md): a fixed window per
 * point and one per client, where "client" is a keyed hash of the network address — HMAC-SHA256
 * with a random key held only in this process's memory and replaced every day. The address itself
 * is never stored, logged or kept here; yesterday's hashes cannot be linked to today's, and after
 * a restart none can be linked to anything.
 *
 * In memory on purpose, like the sign-in limiter (auth/rate-limit.ts): one server process per
 * deployment. Several processes would each count on their own.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { CLIENT_LIMIT, TOKEN_LIMIT, type AnswerLimit } from '$lib/domain/feedback-point';

const DAY_MS = 24 * 60 * 60 * 1000;

let salt = { day: -1, key: Buffer.alloc(0) };

/** The client's key for today: a hash of the address under today's in-memory key, never the address. */
export function clientKeyOf(address: string, now = Date.now()): string {
	const day = Math.floor(now / DAY_MS);
	if (salt.day !== day) salt = { day, key: randomBytes(32) };
	return createHmac('sha256', salt.key).update(address).digest('base64url').slice(0, 22);
}

interface Window {
	start: number;
	count: number;
}

/** Counts per key in fixed windows of `limit.windowMs`; at most `maxKeys` keys are kept. */
class WindowCounter {
	readonly #windows = new Map<string, Window>();

	constructor(
		readonly limit: AnswerLimit,
		readonly maxKeys = 50_000
	) {}

	#current(key: string, now: number): Window | undefined {
		const w = this.#windows.get(key);
		if (w && now - w.start >= this.limit.windowMs) {
			this.#windows.delete(key);
			return undefined;
		}
		return w;
	}

	/** Milliseconds until `key` may send again, or 0 when it may now. */
	waitFor(key: string, now: number): number {
		const w = this.#current(key, now);
		return w && w.count >= this.limit.max ? w.start + this.limit.windowMs - now : 0;
	}

	hit(key: string, now: number): void {
		const w = this.#current(key, now);
		if (w) w.count++;
		else this.#windows.set(key, { start: now, count: 1 });
		if (this.#windows.size > this.maxKeys) this.#sweep(now);
	}

	#sweep(now: number): void {
		for (const [key, w] of this.#windows) if (now - w.start >= this.limit.windowMs) this.#windows.delete(key);
		// Still too many live keys (answers from very many addresses): forget the oldest.
		for (const key of this.#windows.keys()) {
			if (this.#windows.size <= this.maxKeys) break;
			this.#windows.delete(key);
		}
	}

	reset(): void {
		this.#windows.clear();
	}
}

export type AnswerAdmission = { admitted: true } | { admitted: false; by: 'client' | 'point'; retryAfterSeconds: number };

export class AnswerLimiter {
	readonly #clients: WindowCounter;
	readonly #points: WindowCounter;

	constructor(client: AnswerLimit = CLIENT_LIMIT, point: AnswerLimit = TOKEN_LIMIT) {
		this.#clients = new WindowCounter(client);
		this.#points = new WindowCounter(point);
	}

	/** Counts one answer from `clientKey` to `pointId`, or refuses it (and counts nothing) while either is at its limit. */
	admit(clientKey: string, pointId: string, now = Date.now()): AnswerAdmission {
		const client = this.#clients.waitFor(clientKey, now);
		const point = this.#points.waitFor(pointId, now);
		if (client > 0 || point > 0)
			return { admitted: false, by: point > client ? 'point' : 'client', retryAfterSeconds: Math.ceil(Math.max(client, point) / 1000) };
		this.#clients.hit(clientKey, now);
		this.#points.hit(pointId, now);
		return { admitted: true };
	}

	/** Forgets every count (tests). */
	reset(): void {
		this.#clients.reset();
		this.#points.reset();
	}
}

/** The server's limiter for POST /api/feedback/<token>. */
export const answerLimiter = new AnswerLimiter();
