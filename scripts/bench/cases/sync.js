/**
 * 4. Sync throughput. The same records (N inspections × 80 answers, with their 3 officers) go
 * from one browser client to the server and from there into a second, fresh client:
 *
 * - ours: client A's outbox is loaded with the mutations (bulk, untimed — the inspector made
 *   them over days), then the app's real sync engine (`pushOutbox`, HTTP transport, batches of
 *   500) pushes it to the real server; client B, a second browser context of the same user,
 *   runs the real `pullChanges` (pages of up to 2,000 changes and about 1 MB) into its IndexedDB. On SQLite and on
 *   PostgreSQL, each a fresh server and database.
 * - PouchDB: the same records as documents in pouchdb-browser (IndexedDB) in one context,
 *   `PouchDB.replicate` to pouchdb-server (LevelDB), then into a fresh PouchDB in another
 *   context, both with PouchDB's default replication settings.
 * - RxDB: the same documents in RxDB with its Dexie storage (IndexedDB) in one context,
 *   replicated with RxDB's HTTP replication (`replicateRxCollection`, push handler, batches of
 *   500 like ours) to a Node endpoint storing them in RxDB (rxdb/endpoint.js), then pulled
 *   (pages of 2,000 like ours) into a second RxDB in another context.
 *
 * Timed: push from its start to the outbox empty / replication complete; pull from start to
 * the last page stored. Both clients talk to their server same-origin over loopback.
 *
 * Warm-up, the same for all three: the workload is made for WARM_INSPECTIONS more records, and
 * those come first — pushed from client A and pulled into client B by the same code, untimed —
 * so every server process and both pages have run their sync code before the timed round (a
 * server in service is warm; a first request pays for compiling it). The timed round is then
 * the next sync of two devices that have synced before: A sends its new records, B receives
 * exactly those (PouchDB and RxDB resume from their checkpoints, ours from its cursor).
 */
/* global RxdbBench -- defined by browser/rxdb-bench.js in the page */
import { randomUUID } from 'node:crypto';
import { contextOptions, inject, signInWithoutApp } from '../lib/browser.js';
import { num } from '../lib/stats.js';
import { ANSWERS_PER_INSPECTION, makeSyncWorkload, pouchDocsOf } from '../lib/workload.js';
import { rxdbDocOf } from '../rxdb/schema.js';

const CHUNK = 4000;
const inspector = { username: 'kiemtra', password: 'demo-kiemtra-2025' };

/** Records synced before the timed round, untimed (see above). */
const WARM_INSPECTIONS = 10;

/** The workload with the warm-up's records first: `warm` and `timed` are its two parts. */
function split(items, inspections) {
	const cut = (items.length / (WARM_INSPECTIONS + inspections)) * WARM_INSPECTIONS;
	return { warm: items.slice(0, cut), timed: items.slice(cut) };
}

async function ours(browser, bundle, server, inspections, log) {
	const a = await browser.newContext(contextOptions);
	const b = await browser.newContext(contextOptions);
	try {
		const { page: pageA, user } = await signInWithoutApp(a, server.url, inspector);
		await inject(pageA, bundle);
		const { mutations: all, nextSeq } = makeSyncWorkload(WARM_INSPECTIONS + inspections, user.id);
		const { warm, timed } = split(all, inspections);
		const clientId = randomUUID();
		const load = async (mutations, last) => {
			for (let i = 0; i < mutations.length; i += CHUNK) {
				const chunk = mutations.slice(i, i + CHUNK);
				await pageA.evaluate(
					([m, s, c]) => KtmcBench.loadQueue('bench-sync-a', { clientId: c, mutations: m, nextSeq: s }),
					[chunk, last, clientId]
				);
			}
		};
		const { page: pageB } = await signInWithoutApp(b, server.url, inspector);
		await inject(pageB, bundle);
		await load(warm, warm.length + 1);
		const warmPush = await pageA.evaluate(() => KtmcBench.timePush('bench-sync-a'));
		const warmPull = await pageB.evaluate(() => KtmcBench.timePull('bench-sync-b'));
		if (warmPush.left !== 0 || warmPull.pulled !== warm.length)
			throw new Error(`warm-up incomplete: ${JSON.stringify({ warmPush, warmPull })}`);

		await load(timed, nextSeq);
		log(`  ${server.dialect}: ${timed.length} mutations queued on client A (after ${warm.length} synced to warm up); pushing`);
		const push = await pageA.evaluate(() => KtmcBench.timePush('bench-sync-a'));
		if (push.left !== 0 || push.applied !== timed.length) throw new Error(`push incomplete: ${JSON.stringify(push)}`);
		const pull = await pageB.evaluate(() => KtmcBench.timePull('bench-sync-b'));
		const records = WARM_INSPECTIONS + inspections;
		if (pull.pulled !== timed.length || pull.answers !== records * ANSWERS_PER_INSPECTION || pull.inspections !== records)
			throw new Error(`pull incomplete: ${JSON.stringify(pull)}`);
		return { mutations: timed.length, pushMs: push.ms, pushWaitMs: push.waitMs, pullMs: pull.ms, pulled: pull.pulled };
	} finally {
		await a.close();
		await b.close();
	}
}

async function pouch(browser, bundle, server, inspections, createdBy, log) {
	const a = await browser.newContext(contextOptions);
	const b = await browser.newContext(contextOptions);
	try {
		const { warm, timed } = split(pouchDocsOf(makeSyncWorkload(WARM_INSPECTIONS + inspections, createdBy).mutations), inspections);
		const pageA = await a.newPage();
		await pageA.goto(server.url);
		await inject(pageA, bundle);
		const pageB = await b.newPage();
		await pageB.goto(server.url);
		await inject(pageB, bundle);
		const remote = `${server.url}/bench_${Date.now()}`;
		await pageA.evaluate((d) => PouchBench.load('local-a', d), warm);
		const warmPush = await pageA.evaluate(([from, to]) => PouchBench.timeReplicate(from, to), ['local-a', remote]);
		const warmPull = await pageB.evaluate(([from, to]) => PouchBench.timeReplicate(from, to), [remote, 'local-b']);
		if (!warmPush.ok || !warmPull.ok || warmPull.docsWritten !== warm.length)
			throw new Error(`PouchDB warm-up incomplete: ${JSON.stringify({ warmPush, warmPull })}`);

		for (let i = 0; i < timed.length; i += CHUNK) await pageA.evaluate((d) => PouchBench.load('local-a', d), timed.slice(i, i + CHUNK));
		log(`  PouchDB: ${timed.length} documents in client A (after ${warm.length} synced to warm up); replicating`);
		const push = await pageA.evaluate(([from, to]) => PouchBench.timeReplicate(from, to), ['local-a', remote]);
		if (!push.ok || push.docsWritten !== timed.length) throw new Error(`PouchDB push incomplete: ${JSON.stringify(push)}`);
		const pull = await pageB.evaluate(([from, to]) => PouchBench.timeReplicate(from, to), [remote, 'local-b']);
		const info = await pageB.evaluate(() => PouchBench.info('local-b'));
		if (!pull.ok || pull.docsWritten !== timed.length || info.docs !== warm.length + timed.length)
			throw new Error(`PouchDB pull incomplete: ${JSON.stringify({ pull, info })}`);
		return { docs: timed.length, pushMs: push.ms, pullMs: pull.ms };
	} finally {
		await a.close();
		await b.close();
	}
}

/** Batch sizes of our own sync engine (push batches, pull pages), given to RxDB's replication too. */
const RXDB_PUSH_BATCH = 500;
const RXDB_PULL_BATCH = 2000;

async function rxdb(browser, bundle, server, inspections, createdBy, log) {
	const a = await browser.newContext(contextOptions);
	const b = await browser.newContext(contextOptions);
	try {
		const docs = pouchDocsOf(makeSyncWorkload(WARM_INSPECTIONS + inspections, createdBy).mutations).map(rxdbDocOf);
		const { warm, timed } = split(docs, inspections);
		const pageA = await a.newPage();
		await pageA.goto(server.url);
		await inject(pageA, bundle);
		const pageB = await b.newPage();
		await pageB.goto(server.url);
		await inject(pageB, bundle);
		await pageA.evaluate((d) => RxdbBench.load('local-a', d), warm);
		await pageA.evaluate((n) => RxdbBench.timePush('local-a', n), RXDB_PUSH_BATCH);
		const warmPull = await pageB.evaluate((n) => RxdbBench.timePull('local-b', n), RXDB_PULL_BATCH);
		if (warmPull.docs !== warm.length) throw new Error(`RxDB warm-up incomplete: ${JSON.stringify(warmPull)}`);

		for (let i = 0; i < timed.length; i += CHUNK) await pageA.evaluate((d) => RxdbBench.load('local-a', d), timed.slice(i, i + CHUNK));
		log(`  RxDB: ${timed.length} documents in client A (after ${warm.length} synced to warm up); replicating`);
		const push = await pageA.evaluate((n) => RxdbBench.timePush('local-a', n), RXDB_PUSH_BATCH);
		const onServer = await (await fetch(`${server.url}/count`)).json();
		if (onServer.docs !== docs.length) throw new Error(`RxDB push incomplete: ${JSON.stringify({ push, onServer })}`);
		const pull = await pageB.evaluate((n) => RxdbBench.timePull('local-b', n), RXDB_PULL_BATCH);
		if (pull.docs !== docs.length) throw new Error(`RxDB pull incomplete: ${JSON.stringify(pull)}`);
		return { docs: timed.length, pushMs: push.ms, pullMs: pull.ms };
	} finally {
		await a.close();
		await b.close();
	}
}

const secs = (ms) => `${num(ms / 1000)} s`;
const rate = (n, ms) => `${num((n / ms) * 1000)}/s`;

/** An anchor's row: push / pull / total with their rates. */
function anchorRow(size, name, r) {
	return {
		label: `Sync ${size}, ${name}: push / pull / total`,
		value: `${secs(r.pushMs)} (${rate(r.docs, r.pushMs)}) / ${secs(r.pullMs)} (${rate(r.docs, r.pullMs)}) / ${secs(r.pushMs + r.pullMs)}`,
		target: '',
		verdict: ''
	};
}

/**
 * Runs ours (each app server), PouchDB and RxDB on the same workload. `rxdbServer` is optional
 * (left out, the RxDB rows are too); the rows of a size other than 100 say their size, so a
 * `--full` run's rows are rows of their own.
 */
export async function runSync({ browser, bundles, appServers, pouchServer, rxdbServer, inspections, log }) {
	const results = {};
	for (const server of appServers) {
		log(`sync on ${server.dialect}: ${inspections} inspections × ${ANSWERS_PER_INSPECTION} answers`);
		results[server.dialect] = await ours(browser, bundles.app, server, inspections, log);
	}
	log(`sync with PouchDB: the same records`);
	results.pouchdb = await pouch(browser, bundles.pouch, pouchServer, inspections, 'bench', log);
	if (rxdbServer) {
		log(`sync with RxDB: the same records`);
		results.rxdb = await rxdb(browser, bundles.rxdb, rxdbServer, inspections, 'bench', log);
	}

	const size = `${inspections.toLocaleString('en-US')}×80`;
	const rows = [];
	const total = (r) => r.pushMs + r.pullMs;
	for (const server of appServers) {
		const r = results[server.dialect];
		rows.push({
			label: `Sync ${size}${inspections === 1000 ? '' : ' (issue: 1,000×80, `--full`)'}, ${server.dialect}: push / pull / total`,
			value: `${secs(r.pushMs)} (${rate(r.mutations, r.pushMs)}) / ${secs(r.pullMs)} (${rate(r.pulled, r.pullMs)}) / ${secs(total(r))}`,
			target: '',
			verdict: ''
		});
	}
	rows.push(anchorRow(size, 'PouchDB → pouchdb-server', results.pouchdb));
	if (results.rxdb) rows.push(anchorRow(size, 'RxDB (Dexie) → RxDB on Node (memory), HTTP replication', results.rxdb));
	const sized = inspections === 100 ? '' : ` ${size}`;
	for (const server of appServers) {
		const ours = total(results[server.dialect]);
		const pouchRatio = total(results.pouchdb) / ours;
		rows.push({
			label: `sync${sized} vs PouchDB (${server.dialect}): PouchDB's total time / ours`,
			value: `${num(pouchRatio)}×`,
			target: '≥ 5×',
			verdict: pouchRatio >= 5 ? 'met' : 'missed'
		});
		if (!results.rxdb) continue;
		const rxdbRatio = total(results.rxdb) / ours;
		rows.push({
			label: `sync${sized} vs RxDB (${server.dialect}): RxDB's total time / ours`,
			value: `${num(rxdbRatio)}×`,
			target: '> 1×',
			verdict: rxdbRatio > 1 ? 'met' : 'missed'
		});
	}
	return { rows, results };
}
