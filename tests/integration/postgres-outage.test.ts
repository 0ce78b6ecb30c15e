/**
 * PostgreSQL itself goes away under the server, for real: a cluster this file owns is stopped
 * with `pg_ctl stop -m immediate` (every backend quits at once, like a crash) or its postmaster
 * is SIGKILLed, then started again on the same data directory and port. The routes run in this
 * process on the process-wide pool, as in the real server: if a dying connection's 'error'
 * were left unheard, Node would end this process and Vitest would fail the run.
 *
 * The same outage against the built server under six syncing devices is in tests/chaos.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { uuidv7 } from '$lib/domain/ids';
import type { Mutation } from '$lib/domain/protocol';
import { closeDatabase, getDatabase } from '$lib/server/db';
import { load as verifyPage } from '../../src/routes/verify/[id]/+page.server';
import { OutageDevice } from './support/outage-device';
import { findServerBinaries, startCluster, type PostgresCluster } from './support/postgres-cluster';

const bin = findServerBinaries();
const skipReason = bin ? null : 'no initdb/pg_ctl on PATH or under /usr/lib/postgresql/*/bin to run a cluster this test may stop';
const newDevice = () => new OutageDevice('outage-inspector');

/** Whether a transaction other than this query's holds the sync counter's row lock (write-transaction.ts). */
async function holdsWriterLock(): Promise<boolean> {
	const { db } = await getDatabase();
	const { rows } = await sql<{ n: number }>`
		select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
		where c.relname = 'sync_counter' and l.mode = 'RowExclusiveLock' and l.granted and l.pid <> pg_backend_pid()`.execute(db);
	return (rows[0]?.n ?? 0) > 0;
}

/** Pushes until the server answers something other than 503 (the device's retry loop, quickened). */
async function pushUntilAccepted(client: OutageDevice, mutations: Mutation[]): Promise<{ response: Response; unavailable: number }> {
	for (let unavailable = 0; ; unavailable++) {
		const response = await client.push(mutations);
		if (response.status !== 503) return { response, unavailable };
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

describe.skipIf(skipReason)('PostgreSQL stopped and killed under the server', () => {
	let cluster: PostgresCluster;
	let dataDir: string;
	const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };

	beforeAll(async () => {
		cluster = await startCluster(bin!, { survivesCrashes: true });
		dataDir = await mkdtemp(join(tmpdir(), 'kiem-tra-outage-'));
		await closeDatabase();
		process.env.DATABASE_URL = cluster.url;
		process.env.DATA_DIR = dataDir;
	}, 60_000);

	afterAll(async () => {
		await closeDatabase();
		await cluster?.destroy();
		if (dataDir) await rm(dataDir, { recursive: true, force: true });
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	});

	it('stopped: 503 with Retry-After and a stable code while it is away, then the same pool serves again and a retried push applies once', async () => {
		const client = newDevice();
		const first = client.work(5);
		expect((await client.push(first)).status).toBe(200);
		// Several idle connections in the pool, as on a server that has been busy.
		const { db } = await getDatabase();
		await Promise.all(Array.from({ length: 4 }, () => sql`select pg_sleep(0.05)`.execute(db)));
		const errors = vi.spyOn(console, 'error');

		await cluster.stopImmediately();
		const second = client.work(5);
		const refused = await client.push(second);
		expect(refused.status).toBe(503);
		expect(refused.headers.get('retry-after')).toBe('5');
		expect(await refused.json()).toMatchObject({ error: { code: 'database_unavailable' } });
		const down = await client.health();
		expect(down.status).toBe(503);
		expect(down.headers.get('retry-after')).toBe('5');
		expect(await down.json()).toMatchObject({ error: { code: 'database_unavailable' } });
		// The idle connections' deaths were heard (and logged), not thrown.
		expect(errors.mock.calls.some(([message]) => String(message).includes('PostgreSQL connection failed'))).toBe(true);
		errors.mockRestore();

		await cluster.start();
		// No closeDatabase(), no restart: the pool makes new connections on its own.
		expect((await client.health()).status).toBe(200);
		const retried = await client.push(second);
		expect(retried.status).toBe(200);
		expect((await retried.json()).results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
		// Sent again (the device never heard the answer): stored results, no second effect.
		const before = await client.serverCounts();
		expect((await client.push(second)).status).toBe(200);
		expect(await client.serverCounts()).toEqual(before);
		expect(before.receipts).toBe(first.length + second.length);
	});

	it('the public record check page answers 503 with Retry-After, not a 500, while it is away, and answers again once it is back', async () => {
		const id = uuidv7();
		const check = async () => {
			const headers: Record<string, string> = {};
			const url = new URL(`http://localhost/verify/${id}?fp=ABCD-EF01-2345-6789`);
			const event = { params: { id }, url, setHeaders: (h: Record<string, string>) => Object.assign(headers, h) };
			try {
				return { data: await verifyPage(event as never), thrown: null, headers };
			} catch (thrown) {
				return { data: null, thrown, headers };
			}
		};
		expect((await check()).data).toMatchObject({ verified: false });

		await cluster.stopImmediately();
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const away = await check();
		errors.mockRestore();
		// SvelteKit renders the route's +error.svelte with this status, and the headers set before it.
		expect(isHttpError(away.thrown) && away.thrown.status).toBe(503);
		expect(isHttpError(away.thrown) && away.thrown.body.message).toBe('database_unavailable');
		expect(away.headers).toMatchObject({ 'retry-after': '5', 'Cache-Control': 'no-store' });

		await cluster.start();
		expect((await check()).data).toMatchObject({ verified: false });
	});

	it('a connection that dies inside a transaction, between two statements, fails that transaction only; the process lives on', async () => {
		const { db } = await getDatabase();
		const client = newDevice();
		const id = `outage-${Date.now()}`;
		const failure = await db
			.transaction()
			.execute(async (trx) => {
				await sql`create table if not exists outage_probe (id text primary key)`.execute(trx);
				await sql`insert into outage_probe (id) values (${id})`.execute(trx);
				// The client is checked out and idle when its backend dies: pg emits 'error' on the
				// client alone (pg-pool's own listener is off while a request holds it).
				await cluster.stopImmediately();
				await new Promise((resolve) => setTimeout(resolve, 200));
				await sql`select 1`.execute(trx);
			})
			.catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(Error);
		expect((await client.health()).status).toBe(503);

		await cluster.start();
		expect((await client.health()).status).toBe(200);
		// Nothing of the broken transaction was kept (crash recovery rolled it back).
		const kept = await sql<{ n: number }>`select count(*)::int as n from pg_tables where tablename = 'outage_probe'`.execute(db);
		expect(kept.rows[0]?.n).toBe(0);
	});

	it('killed (SIGKILL to the postmaster) while a big push is being applied: after the restart the device resends and every mutation is applied exactly once', async () => {
		const client = newDevice();
		// A whole push (100 records, 500 mutations) is one transaction (apply-push.ts).
		const batch = Array.from({ length: 100 }, () => client.work(4)).flat();
		const { changes: changesBefore } = await client.serverCounts();

		let answered = false;
		const inFlight = client.push(batch).finally(() => (answered = true));
		// The kill lands while the push's transaction holds the writer lock (the sync counter row).
		while (!answered && !(await holdsWriterLock())) await new Promise((resolve) => setTimeout(resolve, 1));
		await cluster.kill();
		const during = await inFlight;
		// Either everything was in before the kill, or the device is told to come back.
		if (during.status !== 200) {
			expect(during.status).toBe(503);
			expect(during.headers.get('retry-after')).toBe('5');
		}
		expect((await client.push(batch)).status).toBe(503);

		const startedAt = Date.now();
		await cluster.start();
		const restartedAt = Date.now();
		// What the groups committed before the kill: kept by crash recovery, answered from their
		// receipts on the resend instead of being applied again.
		const committedBeforeKill = (await client.serverCounts()).receipts;
		const { response, unavailable } = await pushUntilAccepted(client, batch);
		console.log(
			`postgres-outage: in-flight push answered ${during.status} with ${committedBeforeKill} of ${batch.length} committed before the kill;` +
				` pg_ctl start took ${restartedAt - startedAt} ms; then ${unavailable} more 503s and the resend was answered ${Date.now() - restartedAt} ms later`
		);
		expect(response.status).toBe(200);
		const results = (await response.json()).results as { status: string }[];
		expect(results).toHaveLength(batch.length);
		expect(results.every((r) => r.status === 'applied')).toBe(true);
		const after = await client.serverCounts();
		expect(after.receipts).toBe(batch.length);
		// Each mutation of this batch made exactly one change row (none lost, none twice).
		expect(after.changes - changesBefore).toBe(batch.length);
	});
});

if (skipReason) {
	describe('PostgreSQL stopped and killed under the server', () => {
		it.skip(`skipped: ${skipReason}`, () => {});
	});
}
