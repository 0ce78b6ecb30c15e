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
 *
 * Timed: push from its start to the outbox empty / replication complete; pull from start to
 * the last page stored. Both clients talk to their server same-origin over loopback.
 */
import { randomUUID } from 'node:crypto';
import { contextOptions, inject, signInWithoutApp } from '../lib/browser.js';
import { num } from '../lib/stats.js';
import { ANSWERS_PER_INSPECTION, makeSyncWorkload, pouchDocsOf } from '../lib/workload.js';

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

const secs = (ms) => `${num(ms / 1000)} s`;
const rate = (n, ms) => `${num((n / ms) * 1000)}/s`;

export async function runSync({ browser, bundles, appServers, pouchServer, inspections, log }) {
	const results = {};
	for (const server of appServers) {
		log(`sync on ${server.dialect}: ${inspections} inspections × ${ANSWERS_PER_INSPECTION} answers`);
		results[server.dialect] = await ours(browser, bundles.app, server, inspections, log);
	}
	log(`sync with PouchDB: the same records`);
	results.pouchdb = await pouch(browser, bundles.pouch, pouchServer, inspections, 'bench', log);

	const p = results.pouchdb;
	const pouchTotal = p.pushMs + p.pullMs;
	const rows = [];
	const ratios = {};
	for (const server of appServers) {
		const r = results[server.dialect];
		const total = r.pushMs + r.pullMs;
		ratios[server.dialect] = pouchTotal / total;
		rows.push({
			label: `Sync ${inspections.toLocaleString('en-US')}×80${inspections === 1000 ? '' : ' (issue: 1,000×80, `--full`)'}, ${server.dialect}: push / pull / total`,
			value: `${secs(r.pushMs)} (${rate(r.mutations, r.pushMs)}) / ${secs(r.pullMs)} (${rate(r.pulled, r.pullMs)}) / ${secs(total)}`,
			target: '',
			verdict: ''
		});
	}
	rows.push({
		label: `Sync ${inspections.toLocaleString('en-US')}×80, PouchDB → pouchdb-server: push / pull / total`,
		value: `${secs(p.pushMs)} (${rate(p.docs, p.pushMs)}) / ${secs(p.pullMs)} (${rate(p.docs, p.pullMs)}) / ${secs(pouchTotal)}`,
		target: '',
		verdict: ''
	});
	for (const server of appServers) {
		const ratio = ratios[server.dialect];
		rows.push({
			label: `sync vs PouchDB (${server.dialect}): PouchDB's total time / ours`,
			value: `${num(ratio)}×`,
			target: '≥ 3×',
			verdict: ratio >= 3 ? 'met' : 'missed'
		});
	}
	return { rows, results };
}
