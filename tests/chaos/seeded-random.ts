/**
 * A small seeded random source for the chaos test. Every choice the test makes (which request
 * to drop, when to kill the server, what each simulated inspector does next) comes from one of
 * these, so a failing run can be replayed with the same seed (CHAOS_SEED) and the same choices.
 * Timing still varies between runs; the choices do not.
 */

/** mulberry32: tiny, fast, and good enough to spread test decisions evenly. */
export class SeededRandom {
	#state: number;

	constructor(seed: number) {
		this.#state = seed >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		this.#state = (this.#state + 0x6d2b79f5) >>> 0;
		let t = this.#state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [min, max], both ends included. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new Error('pick from an empty list');
		return items[Math.floor(this.next() * items.length)] as T;
	}

	/** A new, independent source derived from this one (one per client, proxy, killer…). */
	fork(): SeededRandom {
		return new SeededRandom(Math.floor(this.next() * 4294967296));
	}
}

/** The run's seed: CHAOS_SEED when given (to replay a failure), else a fixed default. */
export function chaosSeed(): number {
	const fromEnv = Number(process.env.CHAOS_SEED);
	return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 20251125;
}
