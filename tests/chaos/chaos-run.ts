/**
 * Chaos test: the sync engine the browser ships (src/lib/local/sync/sync-engine.ts, with the
 * app's own actions and outbox over Dexie on fake-indexeddb, and the shipped httpTransport)
 * on six devices of one inspector, making over 10,000 changes while syncing with the real built
 * server through proxies that drop requests, and drop responses after the server committed,
 * while app instances are SIGKILLed and restarted. On PostgreSQL two app instances share one
 * database and take pushes at the same time, half the devices on each.
 *
 * Afterwards: every mutation a device made has exactly one receipt and one effect on the server
 * (lost 0, duplicated 0, refused 0), every outbox is empty, and every device — plus a fresh one
 * that pulls everything from the start — holds exactly the server's rows. Meanwhile no device ever
 * showed its own record older than it had written it (device-workload.ts).
 *
 * On PostgreSQL the run owns its cluster (when initdb/pg_ctl are installed) and also takes the
 * database itself away twice mid-run (database-outage.ts): the app instances must stay up, answer
 * 503 with Retry-After meanwhile and reconnect on their own, with the same 0 lost / 0 duplicated.
 *
 * Needs a fresh `npm run build`. Replay a failing run with CHAOS_SEED=<seed from the log>.
 *
 * Each database's run is a test file of its own (chaos-sqlite.test.ts, chaos-postgres.test.ts), so
 * the two run at once in separate workers: each leaves a core a quarter idle while its devices
 * wait on the network and the server, and together they take about three quarters of the time.
 */
import 'fake-indexeddb/auto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '$lib/server/db/open-database';
import { findServerBinaries, startCluster, type PostgresCluster } from '../integration/support/postgres-cluster';
import { createFreshDatabase, testDatabases, type FreshDatabase, type TestDatabaseKind } from '../integration/support/test-databases';
import { ChaosProxy } from './chaos-proxy';
import { stopAndRestartDatabase, type OutageRecord } from './database-outage';
import { signInDevice, type Credentials } from './device-session';
import { EngineDevice } from './engine-device';
import { SeededRandom, chaosSeed } from './seeded-random';
import { killAndRestartServer, serverTurns } from './server-killer';
import { ServerProcess, copyBuild, freeLoopbackPort } from './server-process';
import { readServerSnapshot, type ServerSnapshot } from './server-snapshot';
import { deviceState, verifyRun, type DeviceOutcome } from './verify-run';

const CLIENTS = 6;
const MUTATIONS_PER_CLIENT = Number(process.env.CHAOS_MUTATIONS_PER_CLIENT ?? 1700);
const SERVER_KILLS = 4;
const DROP_REQUEST_RATE = 0.1;
const DROP_RESPONSE_RATE = 0.1;
/** The demo inspector the server seeds on first start (src/lib/server/auth/demo-seed.ts); public. */
const INSPECTOR: Credentials = { username: 'kiemtra', password: 'demo-kiemtra-2025' };
/** A run that has not drained by then fails with its counts (loops stop on their own). */
const DEADLINE_MS = Number(process.env.CHAOS_DEADLINE_SECONDS ?? 240) * 1000;

/** The database as the servers left it, opened only after they have stopped. */
async function snapshotOf(kind: TestDatabaseKind, fresh: FreshDatabase, serverDataDir: string): Promise<ServerSnapshot> {
	if (kind.name === 'postgres') return readServerSnapshot(fresh.db);
	const sqlite = openDatabase({ dataDir: serverDataDir });
	try {
		return await readServerSnapshot(sqlite.db);
	} finally {
		await sqlite.close();
	}
}

/** The chaos run on one database, as a test of the calling file. */
export function describeChaos(name: TestDatabaseKind['name']) {
	const kind = testDatabases.find((k) => k.name === name)!;
	let build: ReturnType<typeof copyBuild>;
	beforeAll(() => {
		build = copyBuild();
	});
	afterAll(() => build?.dispose());
	describe(`chaos on '${name}'`, () => chaosTest(kind, () => build));
}

function chaosTest(kind: TestDatabaseKind, copiedBuild: () => ReturnType<typeof copyBuild>) {
	it('the shipped sync engine loses and duplicates nothing through dropped requests, dropped responses and kill -9', async (context) => {
		if (kind.skipReason) {
			console.log(`chaos[${kind.name}]: skipped — ${kind.skipReason}`);
			context.skip(kind.skipReason);
			return;
		}
		const seed = chaosSeed();
		const random = new SeededRandom(seed);
		const startedAt = Date.now();
		const deadline = startedAt + DEADLINE_MS;

		// A cluster of its own to stop and kill; without the server binaries (a CI service
		// container), the run keeps the shared server and leaves the database outage out.
		const bin = kind.name === 'postgres' ? findServerBinaries() : null;
		const cluster: PostgresCluster | null = bin ? await startCluster(bin, { survivesCrashes: true }) : null;
		if (kind.name === 'postgres' && !cluster) console.log(`chaos[postgres]: no initdb/pg_ctl here, so no database outage phase`);
		const fresh = await createFreshDatabase(kind.name, cluster?.url);
		// One DATA_DIR for every instance: the SQLite file, or on PostgreSQL the shared blob store
		// (a volume both instances mount).
		const serverDataDir = join(fresh.dataDir, 'server');
		const instances = kind.name === 'postgres' ? 2 : 1;
		console.log(`chaos[${kind.name}]: running, seed ${seed}, ${instances} app instance(s)`);
		const servers: ServerProcess[] = [];
		const proxies: ChaosProxy[] = [];
		for (let i = 0; i < instances; i++) {
			const server = new ServerProcess({
				buildDir: copiedBuild().dir,
				port: await freeLoopbackPort(),
				dataDir: serverDataDir,
				databaseUrl: fresh.databaseUrl,
				logFile: join(fresh.dataDir, `server-${i + 1}.log`)
			});
			servers.push(server);
			proxies.push(
				new ChaosProxy({
					targetHost: '127.0.0.1',
					targetPort: server.options.port,
					random: random.fork(),
					dropRequestRate: DROP_REQUEST_RATE,
					dropResponseRate: DROP_RESPONSE_RATE
				})
			);
		}
		const devices: EngineDevice[] = [];
		try {
			// One after the other: the first start migrates and seeds the database.
			for (const server of servers) await server.start();
			const urls: string[] = [];
			for (const proxy of proxies) urls.push(await proxy.start());

			for (let i = 0; i < CLIENTS; i++) {
				const baseUrl = urls[i % urls.length]!;
				devices.push(
					new EngineDevice({
						label: `c${i + 1}`,
						baseUrl,
						session: await signInDevice(baseUrl, INSPECTOR, random.fork()),
						random: random.fork(),
						mutations: MUTATIONS_PER_CLIENT,
						deadline
					})
				);
			}
			const total = CLIENTS * MUTATIONS_PER_CLIENT;
			const progress = () => devices.reduce((n, d) => n + d.acknowledged, 0) / total;
			const finished = () => devices.every((d) => d.finished);
			const stopDevices = (error: unknown) => {
				for (const device of devices) device.stop();
				throw error;
			};
			const exclusive = serverTurns();
			const killer = killAndRestartServer({
				servers,
				random: random.fork(),
				kills: SERVER_KILLS,
				progress,
				finished,
				deadline,
				exclusive
			}).catch(stopDevices);
			const outage = cluster
				? stopAndRestartDatabase({ cluster, servers, proxies, random: random.fork(), progress, finished, deadline, exclusive }).catch(
						stopDevices
					)
				: Promise.resolve([] as OutageRecord[]);
			const [outages] = await Promise.all([outage, killer, ...devices.map((d) => d.run())]);
			const workedFor = (Date.now() - startedAt) / 1000;

			// Everyone has pushed: each device completes one more round to pull what the others
			// did, and a fresh device pulls everything from the start.
			for (const server of servers) if (!server.running) await server.start();
			const newcomer = new EngineDevice({
				label: 'fresh',
				baseUrl: urls[0]!,
				session: await signInDevice(urls[0]!, INSPECTOR, random.fork()),
				random: random.fork(),
				mutations: 0,
				deadline
			});
			for (const device of [...devices, newcomer]) await device.catchUp(deadline);
			const outcomes: DeviceOutcome[] = [];
			for (const device of [...devices, newcomer]) {
				outcomes.push({
					label: device.label,
					made: device.made,
					leftInOutbox: await device.db.outbox.count(),
					keptRejected: new Set((await device.db.outbox.where('state').equals('rejected').toArray()).map((e) => e.mutation.mutationId)),
					anomalies: device.anomalies,
					state: await deviceState(device.db)
				});
			}

			for (const proxy of proxies) await proxy.stop();
			for (const server of servers) await server.stop();
			const snapshot = await snapshotOf(kind, fresh, serverDataDir);
			const { counts, problems } = verifyRun(outcomes, snapshot);

			const sum = (pick: (p: ChaosProxy) => number) => proxies.reduce((n, p) => n + pick(p), 0);
			console.log(
				`chaos[${kind.name}]: devices=${devices.length} instances=${instances} sent=${counts.sent} applied=${counts.applied}` +
					` lost=${counts.lost} duplicated=${counts.duplicated} refused=${counts.refused} requests=${sum((p) => p.counts.requests)}` +
					` droppedRequests=${sum((p) => p.counts.droppedRequests)} droppedResponses=${sum((p) => p.counts.droppedResponses)}` +
					` serverDown=${sum((p) => p.counts.serverDown)} cutOffByKill=${sum((p) => p.counts.cutOffByKill)}` +
					` serverErrors=${sum((p) => p.counts.serverErrors)} unavailable503=${sum((p) => p.counts.unavailable)}` +
					` serverKills=${servers.reduce((n, s) => n + s.kills, 0)} unexpectedExits=${servers.reduce((n, s) => n + s.unexpectedExits, 0)}` +
					` rounds=${devices.reduce((n, d) => n + d.stats.rounds, 0)} failedRounds=${devices.reduce((n, d) => n + d.stats.failedRounds, 0)}` +
					` feedChanges=${snapshot.changes.length} workSeconds=${workedFor.toFixed(1)} seconds=${((Date.now() - startedAt) / 1000).toFixed(1)}`
			);
			for (const o of outages) {
				console.log(
					`chaos[${kind.name}]: database outage (${o.how}): away ${o.downMs} ms, ${o.unavailableAnswers} answers 503 + Retry-After,` +
						` every instance healthy ${o.recoveryMs} ms after PostgreSQL was back` +
						(o.appRestartedWhileAway ? ', one app instance SIGKILLed and started while it was away' : '')
				);
			}
			if (problems.length > 0) {
				console.log(`chaos[${kind.name}]: problems (seed ${seed}):\n  ${problems.join('\n  ')}`);
				for (const server of servers) console.log(`chaos[${kind.name}]: server log tail:\n${server.logTail(15)}`);
			}

			expect(problems, 'the server and every device must hold exactly what the devices did').toEqual([]);
			expect(counts.lost, 'lost mutations').toBe(0);
			expect(counts.duplicated, 'duplicated mutations').toBe(0);
			expect(counts.refused, 'mutations the server refused').toBe(0);
			expect(counts.applied).toBe(counts.sent);
			expect(
				servers.reduce((n, s) => n + s.unexpectedExits, 0),
				'app processes that exited by themselves'
			).toBe(0);
			if (cluster) {
				expect(outages.map((o) => o.how)).toEqual(['pg_ctl stop -m immediate', 'SIGKILL postmaster']);
				expect(
					outages.every((o) => o.unavailableAnswers > 0),
					'devices told 503 + Retry-After during each outage'
				).toBe(true);
				// Every server error the devices saw was a 503 with Retry-After: no 500 from the outage.
				expect(sum((p) => p.counts.serverErrors)).toBe(sum((p) => p.counts.unavailable));
			}
			expect(counts.sent).toBeGreaterThanOrEqual(10_000);
			expect(devices.length).toBeGreaterThanOrEqual(5);
			expect(
				servers.reduce((n, s) => n + s.kills, 0),
				'SIGKILLs while devices pushed'
			).toBeGreaterThanOrEqual(SERVER_KILLS);
			if (instances > 1) expect(servers.every((s) => s.kills > 0)).toBe(true);
			expect(sum((p) => p.counts.droppedRequests)).toBeGreaterThan(0);
			expect(sum((p) => p.counts.droppedResponses)).toBeGreaterThan(0);
		} finally {
			for (const device of devices) device.stop();
			for (const proxy of proxies) await proxy.stop();
			for (const server of servers) await server.kill();
			// After a failure mid-outage the cluster may be down: deleting it deletes the database too.
			await fresh.destroy().catch(async (error: unknown) => {
				if (!cluster) throw error;
				await rm(fresh.dataDir, { recursive: true, force: true });
			});
			await cluster?.destroy();
		}
	});
}
