/**
 * How long the event loop was held up, and by what. A 1 ms timer notes how late each tick is;
 * on Linux the main thread's scheduler statistics (/proc/<pid>/task/<pid>/schedstat: time on a
 * CPU, time runnable but waiting for one) split that lateness:
 * - `wallMs`: the lateness itself, what a waiting request saw;
 * - `ownMs`: less the time spent waiting for a CPU (on the two shared cores of CI, that wait
 *   alone passes 50 ms now and then): work on the loop, garbage collection and synchronous I/O;
 * - `cpuMs`: only the time the thread ran: work on the loop and garbage collection — what the
 *   request's own code decides. The gap between `ownMs` and `cpuMs` is the thread asleep in a
 *   synchronous system call: with SQLite, the disk flush of a commit.
 * Off Linux all three are the lateness.
 */
import { readFileSync } from 'node:fs';

const schedstat = `/proc/${process.pid}/task/${process.pid}/schedstat`;

/** Milliseconds the main thread has run and has waited for a CPU, or null off Linux. */
function threadTimes(): { ran: number; waited: number } | null {
	try {
		const [ran, waited] = readFileSync(schedstat, 'utf8').split(' ').map(Number);
		return { ran: ran! / 1e6, waited: waited! / 1e6 };
	} catch {
		return null;
	}
}

export interface LoopDelay {
	wallMs: number;
	ownMs: number;
	cpuMs: number;
}

/** Runs `work` while probing; the largest delays seen during it. */
export async function probeLoopDuring<T>(work: () => Promise<T>): Promise<{ delay: LoopDelay; result: T }> {
	const delay: LoopDelay = { wallMs: 0, ownMs: 0, cpuMs: 0 };
	let last = performance.now();
	let lastTimes = threadTimes();
	const tick = () => {
		const now = performance.now();
		const times = threadTimes();
		const late = Math.max(0, now - last - 1);
		const waited = times && lastTimes ? times.waited - lastTimes.waited : 0;
		const ran = times && lastTimes ? times.ran - lastTimes.ran : late;
		delay.wallMs = Math.max(delay.wallMs, late);
		delay.ownMs = Math.max(delay.ownMs, late - waited);
		delay.cpuMs = Math.max(delay.cpuMs, Math.min(late, ran));
		last = now;
		lastTimes = times;
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
