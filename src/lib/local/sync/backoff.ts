/** Exponential back-off with full jitter, so a hall full of phones does not retry in step. */
export function backoffDelay(failures: number, random = Math.random, baseMs = 2000, maxMs = 5 * 60_000): number {
	const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
