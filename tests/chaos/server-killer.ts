/**
 * Kills an app instance with SIGKILL and starts it again while the devices keep pushing.
 *
 * The moments are tied to progress, not to the clock: each kill waits until a seeded, random
 * share of all mutations has been acknowledged, then a further random few milliseconds, so the
 * kills land while the server is busy whatever the speed of the machine. Each outage lasts a
 * random while, during which the proxy answers 502 and the devices back off.
 */
import { sleep } from './backoff';
import type { SeededRandom } from './seeded-random';
import type { ServerProcess } from './server-process';

export interface KillPlan {
	/** The app instances; kills go to each in turn (on PostgreSQL two share one database). */
	servers: ServerProcess[];
	random: SeededRandom;
	kills: number;
	/** Share of all mutations acknowledged so far, 0..1. */
	progress: () => number;
	/** True once every device has drained (no point killing an idle server). */
	finished: () => boolean;
	deadline: number;
	/** Runs one kill-and-restart so that no other phase kills or starts an instance meanwhile. */
	exclusive: ServerTurns;
}

/** Kill-and-restart sequences of different phases, one at a time (no double start or kill). */
export type ServerTurns = <T>(work: () => Promise<T>) => Promise<T>;

export function serverTurns(): ServerTurns {
	let last: Promise<unknown> = Promise.resolve();
	return (work) => {
		const turn = last.then(work, work);
		last = turn.catch(() => {});
		return turn;
	};
}

export async function killAndRestartServer(plan: KillPlan): Promise<void> {
	const { servers, random } = plan;
	const moments = Array.from({ length: plan.kills }, () => 0.05 + random.next() * 0.8).sort((a, b) => a - b);
	for (const [i, moment] of moments.entries()) {
		const server = servers[i % servers.length]!;
		while (plan.progress() < moment && !plan.finished() && Date.now() < plan.deadline) await sleep(5);
		if (plan.finished() || Date.now() >= plan.deadline) return;
		await sleep(random.int(0, 80));
		await plan.exclusive(async () => {
			await server.kill();
			await sleep(random.int(50, 600));
			await server.start();
		});
	}
}
