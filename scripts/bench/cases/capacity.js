/**
 * 5. Server capacity: autocannon (npm) against POST /api/sync/push with 50 and then 200
 * concurrent connections, ~10 s each, on SQLite and on PostgreSQL.
 *
 * Every request is a real first push of a new device: a fresh clientId and 5 mutations (create
 * an inspection, answer 4 items) with fresh mutationIds, seq 1–5 — so nothing is ever a replay
 * and every push is applied in full. All connections use one signed-in inspector's session
 * cookie. The load generator runs in this process, on the same 2 cores as the server.
 *
 * Reported: pushes per second (completed pushes / duration, with the standard deviation of the
 * per-second counts as the spread — one 10 s run per setting, each second a sample), mutations
 * per second, and p50 / p99 latency over every request; non-2xx answers, errors and time-outs
 * are counted.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { signInApi } from '../lib/servers.js';
import { num } from '../lib/stats.js';

const MUTATIONS_PER_PUSH = 5;
const unit = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };

function pushBody(createdBy) {
	const now = new Date().toISOString();
	const id = randomUUID();
	const m = (seq, name, args) => ({ mutationId: randomUUID(), seq, schemaVersion: 1, createdAt: now, name, args });
	const mutations = [
		m(1, 'createInspection', {
			unit,
			startedAt: now,
			position: null,
			positionNote: '',
			team: [{ name: 'Nguyễn Văn An', role: 'truong_doan', position: '', organisation: '' }],
			unitReps: [],
			basis: '',
			address: '',
			id,
			templateId: 'mac-dinh',
			templateVersion: '2025.1',
			sectionIds: ['A', 'B', 'C', 'D'],
			createdBy,
			createdAt: now,
			recommendations: '',
			unitOpinion: ''
		})
	];
	for (let k = 1; k < MUTATIONS_PER_PUSH; k++)
		mutations.push(
			m(k + 1, 'answerItem', {
				inspectionId: id,
				itemId: `A${k + 2}`,
				officerId: '',
				value: { kind: 'pass', result: 'pass' },
				note: '',
				answeredAt: now
			})
		);
	return JSON.stringify({ clientId: randomUUID(), mutations });
}

function load(server, cookie, createdBy, connections, duration) {
	return autocannon({
		url: server.url,
		connections,
		duration,
		timeout: 30,
		headers: { 'content-type': 'application/json', cookie, origin: server.url },
		requests: [{ method: 'POST', path: '/api/sync/push', setupRequest: (req) => ({ ...req, body: pushBody(createdBy) }) }]
	});
}

export async function runCapacity({ servers, duration, log }) {
	const rows = [];
	const results = {};
	for (const server of servers) {
		const { cookie, user } = await signInApi(server.url, 'kiemtra', 'demo-kiemtra-2025');
		// One push checked by hand: every mutation applied, so the load really writes.
		const check = await fetch(`${server.url}/api/sync/push`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie, origin: server.url },
			body: pushBody(user.id)
		});
		const answer = await check.json();
		if (!check.ok || answer.results.some((r) => r.status !== 'applied'))
			throw new Error(`push not applied: ${JSON.stringify(answer).slice(0, 300)}`);
		await load(server, cookie, user.id, 10, 2); // warm-up
		for (const connections of [50, 200]) {
			const r = await load(server, cookie, user.id, connections, duration);
			results[`${server.dialect}-${connections}`] = r;
			const failed = r.non2xx + r.errors + r.timeouts;
			log(`  ${server.dialect}, ${connections} connections: ${r.requests.total} pushes, p99 ${r.latency.p99} ms, failed ${failed}`);
			rows.push({
				label: `Capacity ${server.dialect}, ${connections} clients: pushes/s · mutations/s · latency p50 / p99`,
				value: `${num(r.requests.total / r.duration)}/s (${r.requests.total} in ${num(r.duration)} s; ±${num(r.requests.stddev)} from second to second) · ${num((r.requests.total * MUTATIONS_PER_PUSH) / r.duration)}/s · ${num(r.latency.p50)} / ${num(r.latency.p99)} ms${failed ? ` · ${failed} failed` : ''}`,
				target: '',
				verdict: failed ? 'errors' : ''
			});
		}
	}
	return { rows, results };
}
