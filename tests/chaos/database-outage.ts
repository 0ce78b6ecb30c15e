/**
 * Takes PostgreSQL itself away while the devices push, twice: once `pg_ctl stop -m immediate`
 * (every backend quits at once), once SIGKILL to the postmaster (as the OOM killer would); each
 * time it stays away a random while and is started again on the same data directory and port.
 *
 * The app instances are not touched by this phase — they must stay up, answer 503 with
 * Retry-After meanwhile and reconnect by themselves — except that during the second outage one
 * instance is SIGKILLed and started again, so it has to come up while its database is away.
 * Like the app kills, the moments are tied to progress, so they land while pushes are flowing.
 */
import type { PostgresCluster } from '../integration/support/postgres-cluster';
import { sleep } from './backoff';
import type { ChaosProxy } from './chaos-proxy';
import type { SeededRandom } from './seeded-random';
import type { ServerProcess } from './server-process';
import type { ServerTurns } from './server-killer';

export interface OutagePlan {
	cluster: PostgresCluster;
	servers: ServerProcess[];
	proxies: ChaosProxy[];
	random: SeededRandom;
	/** Share of all mutations acknowledged so far, 0..1. */
	progress: () => number;
	finished: () => boolean;
	deadline: number;
	exclusive: ServerTurns;
}

export interface OutageRecord {
	how: 'pg_ctl stop -m immediate' | 'SIGKILL postmaster';
	/** How long the database was away (stop/kill until pg_ctl start returned). */
	downMs: number;
	/** 503s with Retry-After the devices received from the app while it was away and recovering. */
	unavailableAnswers: number;
	/** From pg_ctl start returning until every app instance's /api/health answered 200. */
	recoveryMs: number;
	/** An app instance was SIGKILLed and started again while the database was away. */
	appRestartedWhileAway: boolean;
}

const unavailableSoFar = (proxies: ChaosProxy[]) => proxies.reduce((n, p) => n + p.counts.unavailable, 0);

async function healthy(server: ServerProcess): Promise<boolean> {
	try {
		return (await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(1000) })).ok;
	} catch {
		return false;
	}
}

export async function stopAndRestartDatabase(plan: OutagePlan): Promise<OutageRecord[]> {
	const { cluster, servers, proxies, random } = plan;
	const outages = [
		{ how: 'pg_ctl stop -m immediate' as const, moment: 0.25 + random.next() * 0.15, take: () => cluster.stopImmediately() },
		{ how: 'SIGKILL postmaster' as const, moment: 0.55 + random.next() * 0.15, take: () => cluster.kill() }
	];
	const records: OutageRecord[] = [];
	for (const [i, outage] of outages.entries()) {
		while (plan.progress() < outage.moment && !plan.finished() && Date.now() < plan.deadline) await sleep(5);
		if (plan.finished() || Date.now() >= plan.deadline) break;
		const unavailableBefore = unavailableSoFar(proxies);
		const wentAt = Date.now();
		await outage.take();
		// The second time, one app instance also restarts while its database is away.
		const holdMs = random.int(1500, 3000);
		let restarting: Promise<void> | null = null;
		let away = true;
		let appRestartedWhileAway = false;
		if (i === 1) {
			const server = servers[servers.length - 1]!;
			await sleep(random.int(100, 400));
			// Not awaited: if the app killer is in the middle of its own restart (which waits for a
			// healthy server, so for the database), this one follows it, after the database is back.
			restarting = plan.exclusive(async () => {
				await server.kill();
				appRestartedWhileAway = away;
				await server.start();
			});
		}
		await sleep(holdMs);
		await cluster.start();
		away = false;
		const backAt = Date.now();
		await restarting;
		for (const server of servers) while (!(await healthy(server))) await sleep(50);
		records.push({
			how: outage.how,
			downMs: backAt - wentAt,
			unavailableAnswers: unavailableSoFar(proxies) - unavailableBefore,
			recoveryMs: Date.now() - backAt,
			appRestartedWhileAway
		});
	}
	return records;
}
