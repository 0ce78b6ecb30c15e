/**
 * 6b. National exports (issue 18), on the national data set of case 6. The generator writes no
 * answers (the list and report queries never read them), so `per` answers are added to every
 * record first, to give the answers export national weight (a full record holds ~100).
 * Then each export is consumed in this process exactly as a browser would read the HTTP body
 * (src/lib/server/exports/exportFile, national admin, no filter): time, bytes, rows, and the
 * growth of the process's resident memory while it streams (sampled every 100 ms).
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

async function consume(response) {
	const reader = response.body.getReader();
	const base = process.memoryUsage().rss;
	let peak = base;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
	let bytes = 0;
	try {
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			bytes += value.byteLength;
		}
	} finally {
		clearInterval(timer);
	}
	return { bytes, growth: Math.max(0, peak - base) };
}

export async function runExports({ modules, db, target, log }) {
	const actor = { userId: 'bench-national-admin', role: 'admin', provinceCode: null, unitCode: null };
	const cases = [
		['inspections', 'csv'],
		['findings', 'xlsx'],
		['answers', 'csv'],
		['answers', 'xlsx']
	];
	const rows = [];
	for (const [dataset, format] of cases) {
		const t0 = performance.now();
		const response = await modules.exports.exportFile(db, actor, dataset, format, {});
		const { bytes, growth } = await consume(response);
		const seconds = (performance.now() - t0) / 1000;
		log(`  ${target}: ${dataset}.${format} ${num(bytes / 1e6)} MB in ${num(seconds)} s (+${num(growth / 1e6)} MB RSS)`);
		rows.push({
			label: `National ${target}: export ${dataset} as ${format.toUpperCase()}, whole country`,
			value: `${num(seconds)} s, ${num(bytes / 1e6)} MB; resident memory +${num(growth / 1e6)} MB while streaming (1 run)`,
			target: `< ${TARGET_S} s`,
			verdict: seconds < TARGET_S ? 'met' : 'missed',
			ms: seconds * 1000
		});
	}
	return rows;
}
