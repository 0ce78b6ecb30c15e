/**
 * Long synchronous-looking work (better-sqlite3 answers without ever leaving the microtask
 * queue; parsing a large body piece by piece) gives the event loop a turn every few
 * milliseconds, so no request holds up the others for long (issue 14: at most 50 ms).
 */
/**
 * Items of a long loop (mutations of a push) between two looks at the clock: awaiting
 * `breathe()` for every one of them cost about a tenth of a push.
 */
const ITEMS_PER_LOOK = 25;

/** Whether the loop's `index`-th item is one after which to ask `breathe()`. */
export const timeToLook = (index: number) => index % ITEMS_PER_LOOK === ITEMS_PER_LOOK - 1;

export class Breather {
	#since = performance.now();

	/** `everyMs`: how long work may run before it lets timers and I/O in. */
	constructor(private readonly everyMs = 5) {}

	/** Lets the loop run (setImmediate: after pending I/O) if the work has run for `everyMs`. */
	async breathe(): Promise<void> {
		if (performance.now() - this.#since < this.everyMs) return;
		await this.breatheNow();
	}

	/** Lets the loop run now, whatever the time since the last turn. */
	async breatheNow(): Promise<void> {
		await new Promise((resolve) => setImmediate(resolve));
		this.#since = performance.now();
	}
}
