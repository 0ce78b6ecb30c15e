/**
 * How long the event loop was held up, told apart from how long the OS kept the process off
 * the CPU. A 1 ms timer notes how late each tick is; on Linux the main thread's scheduler
 * statistics (/proc/<pid>/task/<pid>/schedstat: nanoseconds on the CPU, nanoseconds waiting
 * for it) say how much of that lateness was spent runnable but waiting for a core. What is left
 * is delay this process caused itself: work on the loop, garbage collection, synchronous I/O.
 * On a CI machine with two cores shared by many jobs, the waiting part alone can pass 50 ms.
 */
import { readFileSync } from 'node:fs';

const schedstat = `/proc/${process.pid}/task/${process.pid}/schedstat`;

/** Milliseconds the main thread has waited for a CPU while runnable, or null off Linux. */
function runqueueWaitMs(): number | null {
	try {
		return Number(readFileSync(schedstat, 'utf8').split(' ')[1]) / 1e6;
	} catch {
		return null;
	}
}

export interface LoopDelay {
	/** The latest a 1 ms tick came, in ms past its time: what a waiting request saw. */
	wallMs: number;
	/** The same, less the time the thread waited for a CPU meanwhile (= wallMs off Linux). */
	ownMs: number;
}

/** Runs `work` while probing; the largest delays seen during it. */
export async function probeLoopDuring<T>(work: () => Promise<T>): Promise<{ delay: LoopDelay; result: T }> {
	const delay: LoopDelay = { wallMs: 0, ownMs: 0 };
	let last = performance.now();
	let lastWait = runqueueWaitMs();
	const tick = () => {
		const now = performance.now();
		const wait = runqueueWaitMs();
		const late = Math.max(0, now - last - 1);
		const waited = wait === null || lastWait === null ? 0 : wait - lastWait;
		delay.wallMs = Math.max(delay.wallMs, late);
		delay.ownMs = Math.max(delay.ownMs, late - waited);
		last = now;
		lastWait = wait;
	};
	const timer = setInterval(tick, 1);
	try {
		const result = await work();
		tick();
		return { delay, result };
	} finally {
		clearInterval(timer);
	}
}
