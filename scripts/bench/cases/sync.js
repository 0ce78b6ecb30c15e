/**
 * 4. Sync throughput. The same records (N inspections × 80 answers, with their 3 officers) go
 * from one browser client to the server and from there into a second, fresh client:
 *
 * - ours: client A's outbox is loaded with the mutations (bulk, untimed — the inspector made
 *   them over days), then the app's real sync engine (`pushOutbox`, HTTP transport, batches of
 *   200) pushes it to the real server; client B, a fresh browser context of the same user,
 *   runs the real `pullChanges` (pages of 1,000) into an empty IndexedDB. On SQLite and on
 *   PostgreSQL, each a fresh server and database.
 * - PouchDB: the same records as documents in pouchdb-browser (IndexedDB) in one context,
 *   `PouchDB.replicate` to pouchdb-server (LevelDB), then into a fresh PouchDB in another
 *   context, both with PouchDB's default replication settings.
 * - RxDB: the same documents in RxDB with its Dexie storage (IndexedDB) in one context,
 *   replicated with RxDB's HTTP replication (`replicateRxCollection`, push handler, batches of
 *   200 like ours) to a Node endpoint storing them in RxDB (rxdb/endpoint.js), then pulled
 *   (pages of 1,000 like ours) into a fresh RxDB in another context.
 *
 * Timed: push from its start to the outbox empty / replication complete; pull from start to
 * the last page stored. Both clients talk to their server same-origin over loopback.
 */
/* global RxdbBench -- defined by browser/rxdb-bench.js in the page */
import { randomUUID } from 'node:crypto';
import { contextOptions, inject, signInWithoutApp } from '../lib/browser.js';
import { num } from '../lib/stats.js';
import { ANSWERS_PER_INSPECTION, makeSyncWorkload, pouchDocsOf } from '../lib/workload.js';
import { rxdbDocOf } from '../rxdb/schema.js';

const CHUNK = 4000;
const inspector = { username: 'kiemtra', password: 'demo-kiemtra-2025' };

async function ours(browser, bundle, server, inspections, log) {
	const a = await browser.newContext(contextOptions);
	const b = await browser.newContext(contextOptions);
	try {
		const { page: pageA, user } = await signInWithoutApp(a, server.url, inspector);
		await inject(pageA, bundle);
		const { mutations, nextSeq } = makeSyncWorkload(inspections, user.id);
		const clientId = randomUUID();
		for (let i = 0; i < mutations.length; i += CHUNK) {
			const chunk = mutations.slice(i, i + CHUNK);
			await pageA.evaluate(
				([m, s, c]) => KtmcBench.loadQueue('bench-sync-a', { clientId: c, mutations: m, nextSeq: s }),
				[chunk, nextSeq, clientId]
			);
		}
		log(`  ${server.dialect}: ${mutations.length} mutations queued on client A; pushing`);
		const push = await pageA.evaluate(() => KtmcBench.timePush('bench-sync-a'));
		if (push.left !== 0 || push.applied !== mutations.length) throw new Error(`push incomplete: ${JSON.stringify(push)}`);
		const { page: pageB } = await signInWithoutApp(b, server.url, inspector);
		await inject(pageB, bundle);
		const pull = await pageB.evaluate(() => KtmcBench.timePull('bench-sync-b'));
		if (pull.answers !== inspections * ANSWERS_PER_INSPECTION || pull.inspections !== inspections)
			throw new Error(`pull incomplete: ${JSON.stringify(pull)}`);
		return { mutations: mutations.length, pushMs: push.ms, pullMs: pull.ms, pulled: pull.pulled };
	} finally {
		await a.close();
		await b.close();
	}
}

async function pouch(browser, bundle, server, inspections, createdBy, log) {
	const a = await browser.newContext(contextOptions);
	const b = await browser.newContext(contextOptions);
	try {
		const docs = pouchDocsOf(makeSyncWorkload(inspections, createdBy).mutations);
		const pageA = await a.newPage();
		await pageA.goto(server.url);
		await inject(pageA, bundle);
		for (let i = 0; i < docs.length; i += CHUNK) await pageA.evaluate((d) => PouchBench.load('local-a', d), docs.slice(i, i + CHUNK));
		log(`  PouchDB: ${docs.length} documents in client A; replicating`);
		const remote = `${server.url}/bench_${Date.now()}`;
		const push = await pageA.evaluate(([from, to]) => PouchBench.timeReplicate(from, to), ['local-a', remote]);
		if (!push.ok || push.docsWritten !== docs.length) throw new Error(`PouchDB push incomplete: ${JSON.stringify(push)}`);
		const pageB = await b.newPage();
		await pageB.goto(server.url);
		await inject(pageB, bundle);
		const pull = await pageB.evaluate(([from, to]) => PouchBench.timeReplicate(from, to), [remote, 'local-b']);
		const info = await pageB.evaluate(() => PouchBench.info('local-b'));
		if (!pull.ok || info.docs !== docs.length) throw new Error(`PouchDB pull incomplete: ${JSON.stringify({ pull, info })}`);
		return { docs: docs.length, pushMs: push.ms, pullMs: pull.ms };
	} finally {
		await a.close();
		await b.close();
	}
}

/** Batch sizes of our own sync engine (push batches, pull pages), given to RxDB's replication too. */
const RXDB_PUSH_BATCH = 200;
const RXDB_PULL_BATCH = 1000;

async function rxdb(browser, bundle, server, inspections, createdBy, log) {
	const a = await browser.newContext(contextOptions);
	const b = await browser.newContext(contextOptions);
	try {
		const docs = pouchDocsOf(makeSyncWorkload(inspections, createdBy).mutations).map(rxdbDocOf);
		const pageA = await a.newPage();
		await pageA.goto(server.url);
		await inject(pageA, bundle);
		for (let i = 0; i < docs.length; i += CHUNK) await pageA.evaluate((d) => RxdbBench.load('local-a', d), docs.slice(i, i + CHUNK));
		log(`  RxDB: ${docs.length} documents in client A; replicating`);
		const push = await pageA.evaluate((n) => RxdbBench.timePush('local-a', n), RXDB_PUSH_BATCH);
		const onServer = await (await fetch(`${server.url}/count`)).json();
		if (onServer.docs !== docs.length) throw new Error(`RxDB push incomplete: ${JSON.stringify({ push, onServer })}`);
		const pageB = await b.newPage();
		await pageB.goto(server.url);
		await inject(pageB, bundle);
		const pull = await pageB.evaluate((n) => RxdbBench.timePull('local-b', n), RXDB_PULL_BATCH);
		if (pull.docs !== docs.length) throw new Error(`RxDB pull incomplete: ${JSON.stringify(pull)}`);
		return { docs: docs.length, pushMs: push.ms, pullMs: pull.ms };
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
