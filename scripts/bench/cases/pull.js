/**
 * 10. Pull at scale (issue 21, must-show 5): a supervisor's new phone pulls a whole province.
 *
 * Ho Chi Minh City's 168 communes × 12 records (a year, one a month), each with the history the
 * app writes (national/province-history.js: ≈ 200 change rows a record, ≈ 90 of them the latest of
 * their row), generated straight into a fresh server database on SQLite and on PostgreSQL; the
 * demo supervisor is moved to that province. Then a fresh browser context signs in and the app's
 * real device pull (`pullChanges` of the sync engine, HTTP transport, Dexie in Chromium) stores
 * the province, twice: timed alone, then with memory probes. Measured: time, pages, rows, bytes
 * per page (Resource Timing), the browser's JS
 * heap (CDP: raw every 100 ms, live — after a forced GC — every 500 ms) and the server's live heap
 * and RSS (heap-probe.js, every 500 ms after a forced GC). Steady memory: the same at a quarter of the province.
 * The page query's plan is printed for the first page (EXPLAIN on the generated data).
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { loadAppModules } from '../lib/app-modules.js';
import { contextOptions, inject, signInWithoutApp } from '../lib/browser.js';
import { projectRoot } from '../lib/paths.js';
import { startAppServer } from '../lib/servers.js';
import { num } from '../lib/stats.js';
import { generateProvinceHistory } from '../national/province-history.js';

const supervisor = { username: 'giamsat', password: 'demo-giamsat-2025' };
const PROVINCE = 79;
const PER_UNIT = 12;

function loadProvince(code) {
	const data = JSON.parse(readFileSync(join(projectRoot, 'src/lib/units/units-2025.json'), 'utf8'));
	const [, name, wards] = data.find(([c]) => c === code);
	return { code, name, communes: wards.map(([wCode, wName]) => ({ code: wCode, name: wName })) };
}

/** The app's pull query builder, loaded from src/ through Vite's SSR loader (no build, no server). */
async function loadPullQuery() {
	const modules = await loadAppModules();
	const { pullPageQuery } = await modules.load('/src/lib/server/sync/pull-changes.ts');
	return { pullPageQuery, close: modules.close };
}

function openKysely(server, dataDir, databaseUrl) {
	if (server.dialect === 'postgres')
		return new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 2 }) }) });
	const sqlite = new Database(join(dataDir, 'app.sqlite'));
	sqlite.pragma('busy_timeout = 10000');
	return new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
}

async function queryPlan(db, dialect, pullPageQuery, actor, limit) {
	const { sql, parameters } = pullPageQuery(db, actor, 0, true).orderBy('changes.version').limit(limit).compile();
	const { rows } = await db.executeQuery({
		sql: dialect === 'postgres' ? `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${sql}` : `EXPLAIN QUERY PLAN ${sql}`,
		parameters,
		query: { kind: 'RawNode' }
	});
	return rows.map((r) => r['QUERY PLAN'] ?? r.detail).join('\n');
}

const heapProbe = join(projectRoot, 'scripts/bench/lib/heap-probe.js');

/** The server's live heap (after GC) and RSS between two instants, from heap-probe.js's log. */
function serverMemory(dataDir, from, to) {
	const samples = readFileSync(join(dataDir, 'heap-probe.log'), 'utf8')
		.trim()
		.split('\n')
		.map((line) => line.split(' ').map(Number));
	const within = samples.filter(([t]) => t >= from && t <= to);
	const before = samples.filter(([t]) => t < from).at(-1) ?? within[0];
	return { before: before[1], peak: Math.max(...within.map((s) => s[1])), peakRss: Math.max(...within.map((s) => s[2])) };
}

/** Samples `probe()` every `ms` until stopped; returns the peak seen. */
function sampler(probe, ms = 100) {
	let peak = 0;
	let running = true;
	const loop = (async () => {
		while (running) {
			peak = Math.max(peak, await probe().catch(() => 0));
			await new Promise((r) => setTimeout(r, ms));
		}
	})();
	return async () => {
		running = false;
		await loop;
		return peak;
	};
}

/**
 * The app's device pull into a fresh database in a new context of the signed-in supervisor. With
 * `probes`, the page's JS heap is sampled meanwhile: raw every 100 ms, live (after a forced GC)
 * every 500 ms, and after a GC before and after.
 */
async function pullInBrowser(browser, bundle, server, dbName, probes) {
	const context = await browser.newContext(contextOptions);
	try {
		const { page } = await signInWithoutApp(context, server.url, supervisor);
		await inject(page, bundle);
		await page.evaluate(() => performance.setResourceTimingBufferSize(100_000));
		const cdp = await context.newCDPSession(page);
		const heap = async () => (await cdp.send('Runtime.getHeapUsage')).usedSize;
		await cdp.send('HeapProfiler.collectGarbage');
		const before = { heap: await heap() };
		const heapPeak = probes ? sampler(heap) : null;
		const livePeak = probes
			? sampler(async () => {
					await cdp.send('HeapProfiler.collectGarbage');
					return heap();
				}, 500)
			: null;
		const from = Date.now();
		const pull = await page.evaluate((name) => KtmcBench.timePull(name), dbName);
		// One more server sample after the last page.
		await new Promise((r) => setTimeout(r, 600));
		const to = Date.now();
		const peak = { heap: (await heapPeak?.()) ?? 0, live: (await livePeak?.()) ?? 0 };
		await cdp.send('HeapProfiler.collectGarbage');
		const after = { heap: await heap() };
		const pages = await page.evaluate(() =>
			performance
				.getEntriesByType('resource')
				.filter((e) => e.name.includes('/api/sync/pull'))
				.map((e) => ({ bytes: e.decodedBodySize, ms: e.responseEnd - e.requestStart }))
		);
		return { pull, pages, from, to, memory: { before, peak, after } };
	} finally {
		await context.close();
	}
}

async function onePull({ browser, bundle, server, dataDir, databaseUrl, units, pullPageQuery, log }) {
	const db = openKysely(server, dataDir, databaseUrl);
	try {
		const province = loadProvince(PROVINCE);
		const owner = await db.selectFrom('users').select('id').where('username', '=', 'kiemtra').executeTakeFirstOrThrow();
		await db.updateTable('users').set({ province_code: PROVINCE }).where('username', '=', supervisor.username).execute();
		const t0 = performance.now();
		const made = await generateProvinceHistory(db, { province, units, perUnit: PER_UNIT, owner: owner.id });
		log(
			`  ${server.dialect}, ${units} communes: ${made.inspections} records, ${made.changes} change rows (${made.latest} latest) generated in ${num((performance.now() - t0) / 1000)} s`
		);
		await db.executeQuery({ sql: 'ANALYZE', parameters: [], query: { kind: 'RawNode' } });
		const actor = { userId: 'bench', role: 'supervisor', provinceCode: PROVINCE, unitCode: null };
		const plan = await queryPlan(db, server.dialect, pullPageQuery, actor, 2001);

		// Timed without probes (a forced GC every half second slows the page), then again with them.
		const timed = await pullInBrowser(browser, bundle, server, 'bench-pull-timed', false);
		const probed = await pullInBrowser(browser, bundle, server, 'bench-pull-probed', true);
		for (const { pull } of [timed, probed])
			if (pull.inspections !== made.inspections || pull.answers !== made.inspections * 80)
				throw new Error(`pull incomplete: ${JSON.stringify({ pull, made })}`);
		const serverHeap = serverMemory(dataDir, probed.from, probed.to);
		return { units, made, pull: timed.pull, pages: timed.pages, probedMs: probed.pull.ms, ...probed.memory, server: serverHeap, plan };
	} finally {
		await db.destroy();
	}
}

const mb = (b) => `${num(b / 1048576)} MB`;

export async function runPull({ browser, bundles, buildDir, runDir, logDir, postgres, quick, log }) {
	const sizes = quick ? [4, 16] : [42, 168];
	const dialects = ['sqlite', ...(postgres ? ['postgres'] : [])];
	const loader = await loadPullQuery();
	const results = [];
	try {
		for (const dialect of dialects)
			for (const units of sizes) {
				const dataDir = join(runDir, `pull-${dialect}-${units}`);
				const databaseUrl = dialect === 'postgres' ? await postgres.createDatabase(`bench_pull_${units}`) : null;
				const server = await startAppServer({ buildDir, dataDir, databaseUrl, logDir, execArgv: ['--expose-gc', '--import', heapProbe] });
				try {
					const r = await onePull({
						browser,
						bundle: bundles.app,
						server,
						dataDir,
						databaseUrl,
						units,
						pullPageQuery: loader.pullPageQuery,
						log
					});
					results.push({ dialect, ...r });
					log(
						`  ${dialect}, ${units} communes: ${r.pull.pulled} rows in ${r.pages.length} pages, ${num(r.pull.ms / 1000)} s; heap ${mb(r.before.heap)} → live peak ${mb(r.peak.live)} (raw ${mb(r.peak.heap)}) → ${mb(r.after.heap)}; server live heap ${mb(r.server.before)} → ${mb(r.server.peak)} (RSS peak ${mb(r.server.peakRss)})`
					);
				} finally {
					await server.stop();
				}
			}
	} finally {
		await loader.close();
	}
	const rows = results.map((r) => {
		const bytes = r.pages.reduce((sum, p) => sum + p.bytes, 0);
		const largest = Math.max(...r.pages.map((p) => p.bytes));
		return {
			label: `First pull, ${r.units} communes × ${PER_UNIT} records (${r.made.changes.toLocaleString('en-US')} change rows, ${r.made.latest.toLocaleString('en-US')} rows now), ${r.dialect}: time (with memory probes) / pages / rows / MB (largest page) / browser heap before → live peak (raw peak) → after / server live heap before → peak (RSS peak)`,
			value:
				`${num(r.pull.ms / 1000)} s, ${num((r.pull.pulled / r.pull.ms) * 1000)} rows/s (${num(r.probedMs / 1000)} s) / ${r.pages.length} / ${r.pull.pulled.toLocaleString('en-US')} / ` +
				`${mb(bytes)} (${mb(largest)}) / ${mb(r.before.heap)} → ${mb(r.peak.live)} (${mb(r.peak.heap)}) → ${mb(r.after.heap)} / ${mb(r.server.before)} → ${mb(r.server.peak)} (${mb(r.server.peakRss)})`,
			target: 'pages ≤ 2,000 rows and ≤ 1 MB; memory not growing with the province',
			verdict: r.pages.every((p) => p.bytes <= 1.1e6) ? 'met' : 'missed'
		};
	});
	for (const dialect of dialects) {
		const [small, large] = sizes.map((u) => results.find((r) => r.dialect === dialect && r.units === u));
		if (!small || !large) continue;
		const heapGrew = large.peak.live - small.peak.live;
		const serverGrew = large.server.peak - small.server.peak;
		const steady = heapGrew < 16 * 1048576 && serverGrew < 16 * 1048576;
		rows.push({
			label: `Pull memory, ${dialect}: growth of the peak from ${small.units} to ${large.units} communes (${num(large.made.changes / small.made.changes)}× the rows), browser live heap / server live heap`,
			value: `${mb(heapGrew)} / ${mb(serverGrew)}`,
			target: 'steady (each grows < 16 MB)',
			verdict: steady ? 'met' : 'missed'
		});
	}
	return { rows, results: results.map(({ plan, ...r }) => ({ ...r, plan })) };
}
