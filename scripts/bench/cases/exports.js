/**
 * 6b. National exports (issue 18), on the national data set of case 6. The generator writes no
 * answers (the list and report queries never read them), so `per` answers are added to every
 * record first, to give the answers export national weight (a full record holds ~100).
 * Then each export is consumed in this process exactly as a browser would read the HTTP body
 * (src/lib/server/exports/exportFile, national admin, no filter): time, bytes, rows, and the
 * growth of the process's resident memory while it streams (sampled every 100 ms).
 */
import { num } from '../lib/stats.js';

const TARGET_S = 60;

/** `per` answers per inspection, in chunks, straight into the table like generate.js does. */
export async function addAnswers(db, per) {
	const ids = await db.selectFrom('inspections').select(['id', 'started_at']).execute();
	const kinds = [
		(i) => ({ kind: 'pass', result: i % 7 === 0 ? 'fail' : 'pass' }),
		(i) => ({ kind: 'count', numerator: i % 5, denominator: 5 }),
		(i) => ({ kind: 'sample', size: 5, passed: 5 - (i % 3) })
	];
	let rows = [];
	let total = 0;
	await db.transaction().execute(async (trx) => {
		for (const [n, inspection] of ids.entries())
			for (let k = 0; k < per; k++) {
				rows.push({
					inspection_id: inspection.id,
					item_id: `${'ABCD'[k % 4]}${Math.floor(k / 4) + 1}`,
					officer_id: '',
					value: JSON.stringify(kinds[k % 3](n + k)),
					note: k % 10 === 0 ? 'Ghi chú: đã kiểm tra trực tiếp tại quầy' : '',
					answered_at: inspection.started_at,
					version: 1,
					updated_at: inspection.started_at
				});
				if (rows.length === 1000) {
					const batch = rows;
					rows = [];
					await trx.insertInto('answers').values(batch).execute();
					total += batch.length;
				}
			}
		if (rows.length > 0) {
			await trx.insertInto('answers').values(rows).execute();
			total += rows.length;
			rows = [];
		}
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
