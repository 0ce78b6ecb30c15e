/**
 * Long synchronous-looking work (better-sqlite3 answers without ever leaving the microtask
 * queue; parsing a large body piece by piece) gives the event loop a turn every few
 * milliseconds, so no request holds up the others for long (issue 14: at most 50 ms).
 */
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
