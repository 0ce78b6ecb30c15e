/**
 * 6b. National exports (issue 18), on the national data set of case 6. The generator writes no
 * answers (the list and report queries never read them), so the records of one calendar year
 * are completed first as the demo inspection leaves them: every item of the demo template
 * answered, per-officer items for each of five officers (52 items, 18 per officer: 124 answers a
 * record). Then each export of that year is consumed in this process exactly as a browser would
 * read the HTTP body (src/lib/server/exports/exportFile, national admin): time, bytes, the heap
 * after a forced GC before, during and after, and the resident set.
 */
import { randomUUID } from 'node:crypto';
import { num } from '../lib/stats.js';

const TARGET_S = 60;

const OFFICERS = ['Nguyễn Thị Lan', 'Trần Văn Hùng', 'Lê Minh Tuấn', 'Phạm Thị Thu', 'Hoàng Văn Nam'];

/** A plausible answer of `item` (its kind as the template says), varied by `n`. */
function answerValue(item, n) {
	if (item.kind === 'count') return { kind: 'count', numerator: 20 - (n % 4), denominator: 20 };
	if (item.kind === 'sample') return { kind: 'sample', size: 5, passed: 5 - (n % 3 === 0 ? 1 : 0) };
	return n % 11 === 0 ? { kind: 'na', reason: 'not_applicable' } : { kind: 'pass', result: n % 7 === 0 ? 'fail' : 'pass' };
}

/**
 * A complete record's answers for every inspection that started in [from, before): the template's
 * every item answered, per-officer items once for each of five officers (who are added to
 * `officers` too), as a finished visit of the demo inspection leaves them. Inserted in chunks in
 * one transaction, straight into the tables like generate.js does. Returns the row counts.
 */
export async function addRecordAnswers(db, template, { from, before }) {
	const inspections = await db
		.selectFrom('inspections')
		.select(['id', 'started_at'])
		.where('started_at', '>=', from)
		.where('started_at', '<', before)
		.execute();
	const items = template.sections.flatMap((s) => s.items);
	let answers = [];
	let officers = [];
	const total = { inspections: inspections.length, officers: 0, answers: 0 };
	await db.transaction().execute(async (trx) => {
		const flush = async (force) => {
			if (officers.length >= 1000 || (force && officers.length > 0)) {
				await trx.insertInto('officers').values(officers).execute();
				total.officers += officers.length;
				officers = [];
			}
			if (answers.length >= 1000 || (force && answers.length > 0)) {
				await trx.insertInto('answers').values(answers).execute();
				total.answers += answers.length;
				answers = [];
			}
		};
		for (const [n, inspection] of inspections.entries()) {
			const stamp = inspection.started_at;
			const ids = OFFICERS.map((name, k) => {
				const id = randomUUID();
				officers.push({
					id,
					inspection_id: inspection.id,
					name,
					position: 'Công chức Một cửa',
					desk: `Quầy ${k + 1}`,
					sort_order: k,
					roster_id: null,
					version: 1,
					updated_at: stamp
				});
				return id;
			});
			for (const [k, item] of items.entries())
				for (const officerId of item.perOfficer ? ids : ['']) {
					const v = n + k + officerId.length;
					answers.push({
						inspection_id: inspection.id,
						item_id: item.id,
						officer_id: officerId,
						value: JSON.stringify(answerValue(item, v + answers.length)),
						note: (v + answers.length) % 10 === 0 ? 'Ghi chú: đã kiểm tra trực tiếp tại quầy' : '',
						answered_at: stamp,
						version: 1,
						updated_at: stamp
					});
				}
			await flush(false);
		}
		await flush(true);
	});
	return total;
}

const MB = (bytes) => num(bytes / 1e6);

/** Heap in use after a full collection (node --expose-gc), or null without the flag. */
function heapAfterGc() {
	if (typeof globalThis.gc !== 'function') return null;
	globalThis.gc();
	return process.memoryUsage().heapUsed;
}

/**
 * Reads the body as a browser would, timing it. Memory: the heap after a forced full GC before,
 * every 2 s while the bytes flow (each sample costs a full collection, a few tens of ms, inside
 * the timed span) and after the body is done and dropped; the resident set every 100 ms.
 */
async function consume(open) {
	const heapBefore = heapAfterGc();
	const rssBefore = process.memoryUsage().rss;
	let rssPeak = rssBefore;
	const heapSamples = [];
	const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
	const heapTimer = setInterval(() => {
		const heap = heapAfterGc();
		if (heap !== null) heapSamples.push(heap);
	}, 2000);
	let bytes = 0;
	const t0 = performance.now();
	const cpu0 = process.cpuUsage();
	try {
		const reader = (await open()).body.getReader();
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			bytes += value.byteLength;
		}
	} finally {
		clearInterval(rssTimer);
		clearInterval(heapTimer);
	}
	const seconds = (performance.now() - t0) / 1000;
	const cpu = process.cpuUsage(cpu0);
	return {
		bytes,
		seconds,
		cpuSeconds: (cpu.user + cpu.system) / 1e6,
		heapBefore,
		heapSamples,
		heapAfter: heapAfterGc(),
		rssBefore,
		rssPeak
	};
}

function memoryText(m) {
	const rss = `resident set ${MB(m.rssBefore)} MB before, peak ${MB(m.rssPeak)} MB`;
	if (m.heapBefore === null) return `${rss} (heap after GC not measured: run node with --expose-gc)`;
	const during =
		m.heapSamples.length > 0 ? `max ${MB(Math.max(...m.heapSamples))} MB over ${m.heapSamples.length} samples` : 'no sample (under 2 s)';
	return `heap after GC ${MB(m.heapBefore)} MB before, ${during} during, ${MB(m.heapAfter)} MB after; ${rss}`;
}

/**
 * A national year (`year`, January to December) of every dataset a province's officer would
 * take to Excel, as the national admin asks for it (no province, no unit).
 */
export async function runExports({ modules, db, target, log, year, answers }) {
	const actor = { userId: 'bench-national-admin', role: 'admin', provinceCode: null, unitCode: null };
	const filter = { from: `${year}-01-01`, to: `${year}-12-31` };
	const cases = [
		['inspections', 'csv'],
		['findings', 'xlsx'],
		['answers', 'csv'],
		['answers', 'xlsx']
	];
	const rows = [];
	for (const [dataset, format] of cases) {
		const m = await consume(() => modules.exports.exportFile(db, actor, dataset, format, filter));
		const cpu = `${num(m.cpuSeconds)} s of this process's CPU (all its threads)`;
		log(`  ${target}: ${dataset}.${format} ${MB(m.bytes)} MB in ${num(m.seconds)} s, ${cpu}; ${memoryText(m)}`);
		const what = dataset === 'answers' ? `${num(answers)} answers` : dataset;
		rows.push({
			label: `National ${target}: export ${dataset} as ${format.toUpperCase()}, whole country, year ${year}`,
			value: `${num(m.seconds)} s (${cpu}), ${MB(m.bytes)} MB (${what}); ${memoryText(m)} (1 run)`,
			target: `< ${TARGET_S} s`,
			verdict: m.seconds < TARGET_S ? 'met' : 'missed',
			ms: m.seconds * 1000
		});
	}
	return rows;
}
