// `npm run bench`: measures the figures of issues 6 and 21 for real and writes BENCHMARKS.md.
//
// Builds the app first when build/ is missing or older than its sources (--build: always,
// --no-build: never), runs every server it needs on loopback ports of its own (a private copy
// of the built app on SQLite and on PostgreSQL, a throwaway PostgreSQL cluster, pouchdb-server,
// the RxDB endpoint), drives Debian's Chromium through Playwright, prints a table, writes
// BENCHMARKS.md with its figures in BENCHMARKS.json beside it, and removes everything it started.
// Every figure is shown beside its target and beside the previous run's figure for the same row
// (read from the JSON beside the report, else BENCHMARKS.json, else BENCHMARKS.md's table).
// Not part of `npm test`. Options:
//   --only=weight,cold,offline,autosave,sync,capacity,national,photo,team,lighthouse,pull  a subset (report goes to .bench/)
//   --full                 sync with the issue's 1,000 inspections as well, as rows of their own (several minutes more)
//   --sync-inspections=N   sync with N inspections only (default 100)
//   --runs=N               browser runs per figure (default 5 for cold start, 3 for the others, Lighthouse included)
//   --out=FILE             where to write the report (its figures go to FILE with .json for .md)
//   --quick                tiny sizes to check the harness works (figures not comparable)
//   --keep                 keep the national case's databases (the SQLite file and the PostgreSQL
//                          cluster's data directory, stopped cleanly) and print where they are, the
//                          commands that open them (sqlite3; pg_ctl start and psql) and a file of
//                          EXPLAIN statements for every timed query
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { runAutosave } from './cases/autosave.js';
import { runCapacity } from './cases/capacity.js';
import { runColdStart } from './cases/cold-start.js';
import { runLighthouse } from './cases/lighthouse.js';
import { runNational } from './cases/national.js';
import { runOfflineReady } from './cases/offline-ready.js';
import { runPhoto } from './cases/photo.js';
import { runPull } from './cases/pull.js';
import { runSync } from './cases/sync.js';
import { runTeam } from './cases/team.js';
import { runWeight } from './cases/weight.js';
import { buildBrowserBundles } from './lib/browser-bundles.js';
import { launchBrowser } from './lib/browser.js';
import { copyBuild, ensureBuild } from './lib/build.js';
import { postgresCommitCost, pushFromNode, sqliteCommitCost } from './lib/diagnostics.js';
import { profileBuckets } from './lib/profile.js';
import { makeSyncWorkload } from './lib/workload.js';
import { explain, method, published } from './lib/explain.js';
import { busyShare, loadAverage, machineInfo } from './lib/machine.js';
import { projectRoot, scratchRoot } from './lib/paths.js';
import { startPostgres } from './lib/postgres.js';
import { printTable, writeReport } from './lib/report.js';
import { figuresPathOf, previousFigures, writeFigures } from './lib/previous.js';
import { keptInstructions } from './lib/keep.js';
import { signInApi, startAppServer, startPouchServer, startRxdbServer, stopAll } from './lib/servers.js';
import { loadAppModules } from './lib/app-modules.js';

const { values: opts } = parseArgs({
	options: {
		only: { type: 'string' },
		full: { type: 'boolean', default: false },
		'sync-inspections': { type: 'string' },
		runs: { type: 'string' },
		build: { type: 'boolean', default: false },
		'no-build': { type: 'boolean', default: false },
		out: { type: 'string' },
		quick: { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false }
	}
});

const ALL = ['weight', 'cold', 'offline', 'autosave', 'sync', 'capacity', 'national', 'photo', 'team', 'lighthouse', 'pull'];
const selected = opts.only ? opts.only.split(',').map((s) => s.trim()) : ALL;
for (const s of selected) if (!ALL.includes(s)) throw new Error(`unknown case "${s}"; one of ${ALL.join(', ')}`);
const runs = opts.runs ? Number(opts.runs) : null;
const quick = opts.quick;
const syncSizes = opts['sync-inspections'] ? [Number(opts['sync-inspections'])] : quick ? [5] : opts.full ? [100, 1000] : [100];

const started = Date.now();
const clock = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s`;
const log = (...m) => console.log(`[bench ${clock()}]`, ...m);

mkdirSync(scratchRoot, { recursive: true });
const runDir = mkdtempSync(join(scratchRoot, 'run-'));
const cleanups = [];
const keeping = opts.keep && selected.includes('national');
const keepDir = keeping ? join(scratchRoot, `kept-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}`) : null;
/** What the national case kept (--keep): its SQLite file, EXPLAIN files and the PostgreSQL cluster. */
let keptNational = null;
/** What `--keep` kept, with the commands that open it: printed at the end and put in the report. */
let keptNotes = [];
let failed = false;

async function cleanUp() {
	for (const fn of cleanups.reverse()) await fn().catch((e) => console.error('[bench] clean-up:', e.message));
	cleanups.length = 0;
	await stopAll();
	if (!failed) rmSync(runDir, { recursive: true, force: true });
	else console.error(`[bench] logs kept in ${relative(projectRoot, runDir)}`);
}
for (const signal of ['SIGINT', 'SIGTERM'])
	process.once(signal, () => {
		failed = true;
		console.error(`[bench] ${signal}: stopping`);
		void cleanUp().finally(() => process.exit(130));
	});

/**
 * A separate SQLite server run under `node --cpu-prof` takes a push of `inspections` × 84
 * mutations from node (batches of 500, like the client), so the measured servers never carry
 * the profiler; returns where its CPU time went.
 */
async function profilePush(buildDir, logDir, inspections) {
	const dir = join(runDir, 'cpu-profile');
	const server = await startAppServer({
		buildDir,
		dataDir: join(runDir, 'profiled-sqlite'),
		logDir,
		execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`]
	});
	const { cookie, user } = await signInApi(server.url, 'kiemtra', 'demo-kiemtra-2025');
	const { mutations } = makeSyncWorkload(inspections, user.id);
	const t0 = performance.now();
	await pushFromNode(server.url, cookie, crypto.randomUUID(), mutations);
	const pushMs = performance.now() - t0;
	await server.stop();
	const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
	return { mutations: mutations.length, pushMs, ...profileBuckets(join(dir, file)) };
}

/** Says how busy the machine was with other work, measured just before and just after the run. */
function concurrencyNote({ busyBefore, busyAfter }) {
	const pct = (x) => `${(x * 100).toFixed(0)} %`;
	const base = `Other work on the machine (measured over 3 s with nothing of the benchmark running): ${pct(busyBefore)} of the CPU busy just before the run, ${pct(busyAfter)} just after.`;
	if (Math.max(busyBefore, busyAfter) < 0.15) return `${base} The machine was otherwise idle.`;
	return `${base} The benchmark shares the 2 cores with that work (on the machine this was written on: other engineers' test runs), so CPU-bound figures are somewhat worse than on an idle machine; rerun on an idle machine for clean numbers.`;
}

const sections = [];
function section(key, title, fn) {
	return async () => {
		const t0 = Date.now();
		log(`${key}. ${title}`);
		try {
			const result = await fn();
			sections.push({ key, title, rows: result.rows, results: result.results ?? result.details, extra: result.extra });
		} catch (error) {
			failed = true;
			console.error(error);
			sections.push({ key, title, rows: [], error: error instanceof Error ? error.message.split('\n')[0] : String(error) });
		}
		log(`${key}. done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
	};
}

const machine = machineInfo();
const load = { before: loadAverage(), after: '', busyBefore: await busyShare(3000), busyAfter: 0 };
log(`other work on the machine before the run: ${(load.busyBefore * 100).toFixed(0)} % of ${machine.cores} cores busy`);
let buildNote = '';
/** The throwaway PostgreSQL cluster, when a case needs it (its folder is kept with --keep). */
let postgres = null;
try {
	buildNote = ensureBuild(opts.build ? 'always' : opts['no-build'] ? 'never' : 'auto', log).note;
	log(buildNote);
	const buildDir = copyBuild(join(runDir, 'build'));
	const bundles = await buildBrowserBundles(join(runDir, 'browser'));
	const logDir = join(runDir, 'logs');
	mkdirSync(logDir, { recursive: true });

	const browser = await launchBrowser();
	cleanups.push(() => browser.close());
	machine.chromium = `Chromium ${browser.version()}`;
	machine.playwright = JSON.parse(readFileSync(join(projectRoot, 'node_modules/@playwright/test/package.json'), 'utf8')).version;

	const needsUi = ['weight', 'cold', 'offline', 'autosave', 'photo', 'lighthouse'].some((c) => selected.includes(c));
	const ui = needsUi ? await startAppServer({ buildDir, dataDir: join(runDir, 'ui-data'), logDir }) : null;
	const has = (c) => selected.includes(c);

	if (has('weight'))
		await section('1', 'Weight of the checklist page', () => runWeight({ browser, bundles, server: ui, runs: runs ?? 3 }))();
	if (has('cold'))
		await section('2', 'Offline cold start', () => runColdStart({ bundles, server: ui, scratch: runDir, runs: runs ?? 5, log }))();
	if (has('offline'))
		await section('10', 'Offline-ready after a first visit', () => runOfflineReady({ browser, server: ui, runs: runs ?? 3, log }))();
	if (has('autosave'))
		await section('3', 'Autosave', () =>
			runAutosave({ browser, bundles, server: ui, log, ...(quick ? { stored: 300, perRound: 20 } : {}) })
		)();
	if (has('lighthouse'))
		await section('9', 'Lighthouse (mobile)', () => runLighthouse({ bundles, server: ui, scratch: runDir, runs: runs ?? 3, log }))();
	if (has('photo')) await section('7', 'Photo pipeline', () => runPhoto({ browser, bundles, server: ui, runs: runs ?? 3, log }))();
	if (has('team')) {
		// A server of its own: the team's accounts and records stay out of the other cases' data.
		const teamServer = await startAppServer({ buildDir, dataDir: join(runDir, 'team-data'), logDir });
		await section('8', 'One record, several phones', () => runTeam({ browser, server: teamServer, log }))();
		await teamServer.stop();
	}

	const needsPg = ['sync', 'capacity', 'national', 'pull'].some(has);
	const pg = needsPg ? await startPostgres() : null;
	if (pg?.skipped) log(`PostgreSQL left out: ${pg.skipped}`);
	postgres = pg && !pg.skipped ? pg : null;
	if (postgres) cleanups.push(() => postgres.stop({ keep: keeping }));
	machine.postgres = postgres?.version ?? 'not run';

	if (has('sync') || has('capacity')) {
		/** A SQLite and (when there is one) a PostgreSQL app server, each on a fresh database. */
		const freshSyncServers = async (name) => {
			const servers = [await startAppServer({ buildDir, dataDir: join(runDir, `${name}-sqlite`), logDir })];
			if (postgres)
				servers.push(
					await startAppServer({
						buildDir,
						dataDir: join(runDir, `${name}-pg`),
						databaseUrl: await postgres.createDatabase(`bench_${name.replace(/\W/g, '_')}`),
						logDir
					})
				);
			return servers;
		};
		const appServers = await freshSyncServers('sync');
		if (has('sync')) {
			await section('4', 'Sync throughput, side by side with PouchDB and RxDB', async () => {
				const rows = [];
				const bySize = {};
				for (const inspections of syncSizes) {
					// Fresh anchors for each size: each starts from empty databases, like ours below.
					const pouchServer = await startPouchServer({ dataDir: join(runDir, `pouchdb-${inspections}`), logDir });
					const rxdbServer = await startRxdbServer({ logDir });
					const appSized = inspections === syncSizes[0] ? appServers : await freshSyncServers(`sync-${inspections}`);
					const measured = await runSync({ browser, bundles, appServers: appSized, pouchServer, rxdbServer, inspections, log });
					await pouchServer.stop();
					await rxdbServer.stop();
					if (appSized !== appServers) for (const s of appSized) await s.stop();
					rows.push(...measured.rows);
					bySize[inspections] = measured.results;
				}
				log('  explaining the push: commit costs, and a CPU profile of a SQLite server taking a push');
				const commit = sqliteCommitCost(join(runDir, 'commit-cost'));
				const pgCost = postgres ? await postgresCommitCost(await postgres.createDatabase('bench_commit')) : null;
				const profile = await profilePush(buildDir, logDir, Math.min(syncSizes[0], 50));
				return { rows, results: { ...bySize[syncSizes[0]], bySize }, extra: { commit, pgCost, profile } };
			})();
		}
		if (has('capacity'))
			await section('5', 'Server capacity', () =>
				runCapacity({ servers: appServers, duration: quick ? 2 : 10, log, buildDir, logDir, runDir })
			)();
		for (const s of appServers) await s.stop();
	}
	if (has('pull'))
		await section('10', 'Pull at scale', () => runPull({ browser, bundles, buildDir, runDir, logDir, postgres, quick, log }))();
	if (has('national')) {
		const modules = await loadAppModules();
		cleanups.push(() => modules.close());
		await section('6', 'National scale: supervisor list and reports', async () => {
			if (keepDir) mkdirSync(keepDir, { recursive: true });
			const keep = keepDir ? { dir: keepDir } : null;
			const result = await runNational({ modules, dataDir: runDir, postgres, perCommune: quick ? 2 : 24, runs: quick ? 3 : 15, log, keep });
			keptNational = result.kept;
			return result;
		})();
	}
} catch (error) {
	failed = true;
	console.error('[bench] stopped:', error);
} finally {
	await cleanUp();
	if (keeping) {
		keptNotes = keptInstructions({
			sqlite: keptNational?.sqlite,
			postgres: postgres && { where: postgres.where, explainFile: keptNational?.postgres?.explainFile },
			database: 'bench_national'
		});
		console.log(`\n[bench] --keep: kept in ${relative(projectRoot, keepDir)} and the cluster's folder\n${keptNotes.join('\n')}\n`);
	}
	load.after = loadAverage();
	load.busyAfter = await busyShare(3000);
}

sections.sort((a, b) => Number(a.key) - Number(b.key));
for (const s of sections) s.notes = explain(s.key, s, s.extra);

const complete = !quick && selected.length === ALL.length && !sections.some((s) => s.error) && sections.length === ALL.length;
const out = opts.out ?? (complete ? join(projectRoot, 'BENCHMARKS.md') : join(scratchRoot, 'BENCHMARKS.partial.md'));
const previous = previousFigures(out, { quick });
for (const s of sections) for (const row of s.rows) row.previous = previous(s.key, row.label);
printTable(sections);

const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const minutes = (Date.now() - started) / 60000;
const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
writeFigures(out, { date, command, commit: machine.commit, quick, load, sections });
writeReport(out, {
	machine: { postgres: 'not run', chromium: 'not run', playwright: '', ...machine },
	date,
	figuresFile: relative(dirname(out), figuresPathOf(out)),
	kept: keptNotes,
	command,
	duration: `${minutes.toFixed(1)} min`,
	load,
	buildNote,
	sections,
	concurrency: concurrencyNote(load),
	method: method.filter(([key]) => sections.some((s) => s.key === key)),
	published: published(sections),
	packages:
		"Playwright (Chromium driver), Lighthouse 12.2.3 (pinned) and its chrome-launcher, autocannon (closed-loop load; the offered load is written on bare node:net sockets, scripts/bench/lib/raw-http.js), pouchdb-server and pouchdb-browser (the PouchDB side; events for its browser bundle), rxdb 17.6.0 (Apache-2.0) with rxjs (the RxDB side: its Dexie storage and HTTP replication in the browser, its memory storage on the Node endpoint), Vite (builds the app and the benchmark bundles), Kysely, better-sqlite3 and pg (the app's own database drivers)."
});
console.log(
	`\n[bench] ${relative(projectRoot, out)} and ${relative(projectRoot, figuresPathOf(out))} written; ${minutes.toFixed(1)} min in all${failed ? ' — with failures, see above' : ''}`
);
process.exit(failed ? 1 : 0);
