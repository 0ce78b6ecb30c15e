/**
 * Waiting between retries, for the simulated devices and the feed reader: exponential back-off
 * with full jitter, so five devices that lost the server at the same moment do not all come
 * back at the same moment either.
 */
import type { SeededRandom } from './seeded-random';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const BASE_MS = 40;
const CAP_MS = 1500;

/** The wait after `failures` failures in a row (1, 2, …): random in [10 ms, min(cap, base·2^n)]. */
export function backoffDelay(failures: number, random: SeededRandom): number {
	const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.min(failures, 10));
	return 10 + Math.floor(random.next() * ceiling);
}
