/**
 * 6. National scale: 3,321 communes × 24 inspections (and their findings) generated straight
 * into a fresh, migrated database on SQLite and on PostgreSQL, then the supervisor's queries
 * from src/lib/server/reports timed in this process, exactly as a route would call them:
 * the main list (the largest province, newest first, page 1 and a deep page), the quarterly
 * compliance report per commune, the overdue findings list, and the national roll-up.
 * Statistics are refreshed first (ANALYZE; VACUUM ANALYZE on PostgreSQL), as autovacuum would.
 * With `keep` (run.js --keep) the SQLite database is made in `keep.dir` instead of the run's
 * scratch folder, and the SQL of every timed query is written there as a file of EXPLAINs.
 */
import { sql } from 'kysely';
import { join } from 'node:path';
import { num, summary } from '../lib/stats.js';
import { recordingDb, writeExplainFile } from '../lib/keep.js';
import { generateNational } from '../national/generate.js';
import { addRecordAnswers, runExports } from './exports.js';

const TARGET_MS = 300;
/** Issue 18, must-show 7: every periodic report query ≤ 100 ms median on both engines. */
const REPORT_TARGET_MS = 100;

/** The periodic report (GET /api/reports) as the province's supervisor reads it: a quarter, a year, one unit. */
function periodReportQueries(r, db, largest, lastQuarter) {
	const supervisor = { userId: 'bench-supervisor', role: 'supervisor', provinceCode: largest.code, unitCode: null };
	const quarter = { kind: 'quarter', year: lastQuarter.year, quarter: lastQuarter.quarter };
	const unitCode = largest.communes[0].code;
	return [
		[
			`periodic report, ${largest.name}, Q${quarter.quarter}/${quarter.year}`,
			() => r.buildPeriodReport(db, supervisor, { period: quarter })
		],
		[
			`periodic report, ${largest.name}, year ${lastQuarter.year}`,
			() => r.buildPeriodReport(db, supervisor, { period: { kind: 'year', year: lastQuarter.year } })
		],
		[
			`periodic report, one commune (${unitCode}), Q${quarter.quarter}/${quarter.year}`,
			() => r.buildPeriodReport(db, supervisor, { period: quarter, unitCode })
		]
	];
}

async function timeQuery(fn, runs) {
	await fn();
	await fn();
	const times = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		await fn();
		times.push(performance.now() - t0);
	}
	return times;
}

/** Runs each query once more through a recording Kysely instance: its SQL, for the EXPLAIN file. */
async function recordQueries(db, queriesOf, into) {
	const count = queriesOf(db).length;
	for (let i = 0; i < count; i++) {
		const queries = [];
		const [label, fn] = queriesOf(recordingDb(db, queries))[i];
		await fn();
		into.push({ label, queries });
	}
}

export async function runNational({ modules, dataDir, postgres, perCommune, runs, log, keep = null }) {
	const provinces = await modules.units.loadUnits();
	const communes = provinces.reduce((n, p) => n + p.communes.length, 0);
	const largest = [...provinces].sort((a, b) => b.communes.length - a.communes.length)[0];
	const now = new Date();
	const { quarterOf, vietnamDate } = modules.reports;
	const current = quarterOf(now);
	const lastQuarter = current.quarter === 1 ? { year: current.year - 1, quarter: 4 } : { year: current.year, quarter: current.quarter - 1 };
	const today = vietnamDate(now);

	const sqliteDir = join(keep?.dir ?? dataDir, 'national-sqlite');
	const targets = [{ name: 'sqlite', open: () => modules.db.openDatabase({ dataDir: sqliteDir }) }];
	if (postgres)
		targets.push({
			name: 'postgres',
			open: async () => modules.db.openDatabase({ databaseUrl: await postgres.createDatabase('bench_national') })
		});

	const rows = [];
	const details = {};
	const kept = {};
	for (const target of targets) {
		const recorded = [];
		const opened = await target.open();
		try {
			await modules.db.migrateToLatest(opened.db);
			const t0 = performance.now();
			const counts = await generateNational(opened.db, { provinces, perCommune, now });
			const genMs = performance.now() - t0;
			// The bulk load bypassed the handlers that keep the per-commune open findings (migration
			// 025): count them once, as the migration does on an upgraded database (timed apart).
			const o0 = performance.now();
			const openUnits = await modules.reports.recountOpenFindings(opened.db);
			const openMs = performance.now() - o0;
			log(`  ${target.name}: open findings of ${openUnits} communes counted in ${num(openMs / 1000)} s`);
			// Fresh bulk load: refresh the planner's statistics (and, on PostgreSQL, the visibility
			// map that index-only scans need), as autovacuum would have on a live database.
			await (target.name === 'postgres' ? sql`VACUUM ANALYZE` : sql`ANALYZE`).execute(opened.db);
			log(`  ${target.name}: ${counts.inspections} inspections, ${counts.findings} findings generated in ${num(genMs / 1000)} s`);

			const r = modules.reports;
			const lastPage = Math.ceil((largest.communes.length * perCommune) / 50);
			const listQueries = (db) => [
				[
					`list, ${largest.name} (${largest.communes.length} communes), page 1 of 50`,
					() => r.listProvinceInspections(db, { provinceCode: largest.code, page: 1 })
				],
				[
					`list, same province, page ${lastPage} (last)`,
					() => r.listProvinceInspections(db, { provinceCode: largest.code, page: lastPage })
				],
				[
					`report: compliance per commune, Q${lastQuarter.quarter}/${lastQuarter.year}`,
					() => r.complianceByCommune(db, { provinceCode: largest.code, quarter: lastQuarter, today })
				],
				['report: overdue findings, first 100', () => r.overdueFindings(db, { provinceCode: largest.code, today, limit: 100 })],
				[
					`report: national roll-up per province, Q${lastQuarter.quarter}/${lastQuarter.year}`,
					() => r.complianceByProvince(db, { quarter: lastQuarter, today })
				]
			];
			const queries = listQueries(opened.db);
			const sample = await queries[2][1]();
			details[target.name] = { ...counts, genMs, openMs, openUnits, communes, sampleTotals: sample.totals };
			for (const [label, fn] of queries) {
				const s = summary(await timeQuery(fn, runs));
				rows.push({
					label: `National ${target.name}: ${label}`,
					value: `${num(s.median)} ms (p95 ${num(s.p95)}, ${num(s.min)}–${num(s.max)}, ${s.n} runs)`,
					target: `median and p95 ≤ ${TARGET_MS} ms`,
					verdict: s.median <= TARGET_MS && s.p95 <= TARGET_MS ? 'met' : 'missed',
					ms: s.median
				});
			}
			if (keep) await recordQueries(opened.db, listQueries, recorded);
			// The exports' year: the last whole calendar year, inside the two years generated.
			const exportYear = now.getUTCFullYear() - 1;
			const a0 = performance.now();
			const added = await addRecordAnswers(opened.db, modules.templates.defaultTemplate, {
				from: `${exportYear}-01-01`,
				before: `${exportYear + 1}-01-01`
			});
			log(
				`  ${target.name}: ${added.answers} answers and ${added.officers} officers of ${added.inspections} records (${exportYear}) added in ${num((performance.now() - a0) / 1000)} s`
			);
			details[target.name].answers = added.answers;
			details[target.name].exportYear = exportYear;
			// Statistics again after the bulk load, as autovacuum would (on PostgreSQL the answers
			// were an empty table at the first ANALYZE: the planner's estimates would be off).
			await (target.name === 'postgres' ? sql`VACUUM ANALYZE` : sql`ANALYZE`).execute(opened.db);
			// Their summaries, as the submit and review handlers would have written them (bulk load).
			const y0 = performance.now();
			const yearIds = (
				await opened.db
					.selectFrom('inspections')
					.select('id')
					.where('started_at', '>=', `${exportYear}-01-01`)
					.where('started_at', '<', `${exportYear + 1}-01-01`)
					.execute()
			).map((i) => i.id);
			await r.summarizeRecords(opened.db, yearIds);
			log(`  ${target.name}: ${yearIds.length} record summaries of ${exportYear} written in ${num((performance.now() - y0) / 1000)} s`);
			// Records loaded in bulk have no summaries yet: the first report of a scope writes them (once).
			const s0 = performance.now();
			const summarised = await r.ensureSummaries(opened.db, { provinceCode: largest.code, unitCode: null });
			log(`  ${target.name}: ${summarised} record summaries of ${largest.name} written in ${num((performance.now() - s0) / 1000)} s`);
			// Timed after the answers are in: the report reads the records' summaries, never their answers.
			for (const [label, fn] of periodReportQueries(r, opened.db, largest, lastQuarter)) {
				const s = summary(await timeQuery(fn, runs));
				rows.push({
					label: `National ${target.name}: ${label}`,
					value: `${num(s.median)} ms (p95 ${num(s.p95)}, ${num(s.min)}–${num(s.max)}, ${s.n} runs)`,
					target: `median ≤ ${REPORT_TARGET_MS} ms`,
					verdict: s.median <= REPORT_TARGET_MS ? 'met' : 'missed',
					ms: s.median
				});
			}
			if (keep) {
				await recordQueries(opened.db, (db) => periodReportQueries(r, db, largest, lastQuarter), recorded);
				const file = join(keep.dir, `explain-${target.name}.sql`);
				writeExplainFile(file, target.name, recorded);
				kept[target.name] = { explainFile: file, ...(target.name === 'sqlite' ? { file: join(sqliteDir, 'app.sqlite') } : {}) };
			}
			// BENCH_NO_EXPORTS=1 leaves the (minutes long) exports out when only the queries are wanted.
			if (process.env.BENCH_NO_EXPORTS === '1') continue;
			rows.push(...(await runExports({ modules, db: opened.db, target: target.name, log, year: exportYear, answers: added.answers })));
		} finally {
			await opened.close();
		}
	}
	return { rows, details, kept };
}
