/**
 * 10. Pull at scale (issue 21, must-show 5): a supervisor's new phone pulls a whole province.
 *
 * Ho Chi Minh City's 168 communes × 12 records (a year, one a month), each with the history the
 * app writes (national/province-history.js: ≈ 200 change rows a record, ≈ 90 of them the latest of
 * their row), generated straight into a fresh server database on SQLite and on PostgreSQL; the
 * demo supervisor is moved to that province. Then a fresh browser context signs in and the app's
 * real device pull (`pullChanges` of the sync engine, HTTP transport, Dexie in Chromium) stores
 * the province. Measured: time, pages, rows, bytes per page (Resource Timing), the browser's JS
 * heap (CDP, after a forced GC before and after, sampled every 100 ms during) and the server's
 * RSS (/proc, sampled likewise). Steady memory: the same at a quarter of the province.
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

const rssOf = (pid) => {
	const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) * 1024 : 0;
};

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

		const context = await browser.newContext(contextOptions);
		try {
			const { page } = await signInWithoutApp(context, server.url, supervisor);
			await inject(page, bundle);
			await page.evaluate(() => performance.setResourceTimingBufferSize(100_000));
			const cdp = await context.newCDPSession(page);
			const heap = async () => (await cdp.send('Runtime.getHeapUsage')).usedSize;
			await cdp.send('HeapProfiler.collectGarbage');
			const before = { heap: await heap(), rss: rssOf(server.pid) };
			const heapPeak = sampler(heap);
			const rssPeak = sampler(async () => rssOf(server.pid));
			const pull = await page.evaluate(() => KtmcBench.timePull('bench-pull'));
			const peak = { heap: await heapPeak(), rss: await rssPeak() };
			await cdp.send('HeapProfiler.collectGarbage');
			const after = { heap: await heap(), rss: rssOf(server.pid) };
			const pages = await page.evaluate(() =>
				performance
					.getEntriesByType('resource')
					.filter((e) => e.name.includes('/api/sync/pull'))
					.map((e) => e.decodedBodySize)
			);
			if (pull.inspections !== made.inspections || pull.answers !== made.inspections * 80)
				throw new Error(`pull incomplete: ${JSON.stringify({ pull, made })}`);
			return { units, made, pull, pages, before, peak, after, plan };
		} finally {
			await context.close();
		}
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
				const server = await startAppServer({ buildDir, dataDir, databaseUrl, logDir });
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
						`  ${dialect}, ${units} communes: ${r.pull.pulled} rows in ${r.pages.length} pages, ${num(r.pull.ms / 1000)} s; heap ${mb(r.before.heap)} → peak ${mb(r.peak.heap)} → ${mb(r.after.heap)}; server RSS ${mb(r.before.rss)} → ${mb(r.peak.rss)}`
					);
				} finally {
					await server.stop();
				}
			}
	} finally {
		await loader.close();
	}
	const rows = results.map((r) => {
		const bytes = r.pages.reduce((a, b) => a + b, 0);
		return {
			label: `First pull, ${r.units} communes × ${PER_UNIT} records (${r.made.changes.toLocaleString('en-US')} change rows), ${r.dialect}: time / pages / rows / MB (largest page) / browser heap before → peak → after / server RSS before → peak`,
			value: `${num(r.pull.ms / 1000)} s (${num((r.pull.pulled / r.pull.ms) * 1000)} rows/s) / ${r.pages.length} / ${r.pull.pulled.toLocaleString('en-US')} / ${mb(bytes)} (${mb(Math.max(...r.pages))}) / ${mb(r.before.heap)} → ${mb(r.peak.heap)} → ${mb(r.after.heap)} / ${mb(r.before.rss)} → ${mb(r.peak.rss)}`,
			target: 'bounded pages, peak memory not growing with the province',
			verdict: ''
		};
	});
	for (const dialect of dialects) {
		const [small, large] = sizes.map((u) => results.find((r) => r.dialect === dialect && r.units === u));
		if (!small || !large) continue;
		const grew = (k) => large.peak[k] - large.before[k] - (small.peak[k] - small.before[k]);
		const steady = grew('heap') < 32 * 1048576 && grew('rss') < 64 * 1048576;
		rows.push({
			label: `Pull memory, ${dialect}: growth of the peak from ${small.units} to ${large.units} communes (${num(large.made.changes / small.made.changes)}× the rows), browser heap / server RSS`,
			value: `${mb(grew('heap'))} / ${mb(grew('rss'))}`,
			target: 'steady (< 32 MB heap, < 64 MB RSS)',
			verdict: steady ? 'met' : 'missed'
		});
	}
	return { rows, results: results.map(({ plan, ...r }) => ({ ...r, plan })) };
}
