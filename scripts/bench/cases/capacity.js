/**
 * 5. Server capacity: load against POST /api/sync/push from 50 and then 200 clients, ~10 s each,
 * on SQLite and on PostgreSQL; then on PostgreSQL again with 2 and 4 app instances behind the
 * same database (issue 21, must-show 4), the clients spread evenly over the instances (all
 * loaded at once), as a reverse proxy would spread devices.
 *
 * Two readings per setting, printed as rows of their own:
 *
 * - Offered load — the TARGET ROWS. 500 pushes/s offered in total over 50 and over 200 clients
 *   (split over the instances in proportion to their clients): the standard "capacity at a
 *   latency objective" reading of the issue's "≥ 500 pushes/s with p99 ≤ 250 ms at 50 and at 200
 *   clients". Offered by `lib/open-loop.js`: each client one keep-alive connection (opened
 *   before the clock starts) and its own pushes arriving at random instants (exactly 500 ×
 *   duration in all), a push that arrives while its client waits queueing behind, and its latency
 *   counted from the instant it arrived — so a server that falls behind shows it in full. Every
 *   push counts, the first second's too (the connections are open before it). Met when the rate answered (every answer of the
 *   run over the time to its last answer) is within 1 % of the offered rate, p99 ≤ 250 ms and
 *   nothing failed. Until 2026-12-07 these rows used autocannon's `overallRate`, which lets every
 *   connection send its whole share of a second back to back at that second's start and times
 *   each push from its sending: the wait before it was never counted (at 50 clients the tenth
 *   push of a second waited for nine answers), and the bursts let the server fold many pushes
 *   into one transaction — flattering on both counts, not devices arriving at random.
 * - Closed loop (saturation, autocannon) — the stricter reading, judged by the same target on one
 *   server per database: every connection sends its next push as soon as the last is answered,
 *   no think time, so the rate is the machine's ceiling and the latency is mostly queueing (Little's law:
 *   200 clients at p99 ≤ 250 ms need ≥ 800 pushes/s).
 *
 * On PostgreSQL the database is ANALYZEd after the warm-up (see `analyze`).
 *
 * Every request is a real first push of a new device: a fresh clientId and 5 mutations (create
 * an inspection, answer 4 items) with fresh mutationIds, seq 1–5 — so nothing is ever a replay
 * and every push is applied in full. All connections use one signed-in inspector's session
 * cookie (signed in on the first instance: the session lives in the shared database). The load
 * generator runs in this process, on the same 2 cores as the servers and PostgreSQL; the offered
 * rows write on bare sockets (lib/raw-http.js) to take as little of them as it can.
 *
 * Reported: pushes per second (answered 2xx / duration, with the standard deviation of the
 * per-second counts as the spread — one 10 s run per setting, each second a sample), mutations
 * per second, p50 / p99 latency; in the closed loop over the pushes sent after each run's first
 * second (in it autocannon opens every connection at once: a preloaded timer in the server showed every push
 * it received answered within ~250 ms then, while the generator saw up to 2.8 s for its first
 * ones), with the whole run's p99 beside it; non-2xx answers, errors and time-outs are counted
 * as failures. */
import { join } from 'node:path';
import autocannon from 'autocannon';
import { offer, spread } from '../lib/open-loop.js';
import { signInApi, startAppServer } from '../lib/servers.js';
import { num, percentile } from '../lib/stats.js';
import { uuidv7 } from '../lib/workload.js';

const MUTATIONS_PER_PUSH = 5;
const CLIENTS = [50, 200];
/** App instances behind one PostgreSQL (the single-instance runs count as 1). */
const INSTANCES = [2, 4];
const TARGET_PUSHES_PER_S = 500;
/** The offered-load rows count as answering the offered rate down to this share of it (see above). */
const OFFERED_TOLERANCE = 0.99;
const TARGET_P99_MS = 250;
/** Pushes sent in each run's first second (connections opening) are left out of its latency. */
const OPENING_MS = 1000;
const unit = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };

function pushBody(createdBy) {
	const at = Date.now();
	const now = new Date(at).toISOString();
	// Ids as the app mints them (UUIDv7, time-ordered): record, mutations and the new device's client id.
	const id = uuidv7(at);
	const m = (seq, name, args) => ({ mutationId: uuidv7(at), seq, schemaVersion: 1, createdAt: now, name, args });
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
	return JSON.stringify({ clientId: uuidv7(at), mutations });
}

/** One autocannon run (closed loop) against one server; every answer's time and latency go to `answers`. */
function loadOne(server, cookie, createdBy, connections, duration, answers) {
	const instance = autocannon({
		url: server.url,
		connections,
		duration,
		timeout: 30,
		headers: { 'content-type': 'application/json', cookie, origin: server.url },
		requests: [{ method: 'POST', path: '/api/sync/push', setupRequest: (req) => ({ ...req, body: pushBody(createdBy) }) }]
	});
	instance.on('response', (_client, status, _bytes, ms) => answers?.push({ at: Date.now(), ms, ok: status >= 200 && status < 300 }));
	return instance;
}

/**
 * Latency percentiles and the per-second spread. `fromOpening`: the connections were opened in
 * the run's first second (autocannon), so latency is over the pushes sent after it.
 */
function summarize(answers, started, seconds, fromOpening) {
	const perSecond = new Array(Math.max(1, Math.ceil(seconds))).fill(0);
	for (const a of answers) if (a.ok) perSecond[Math.min(perSecond.length - 1, Math.floor((a.at - started) / 1000))]++;
	const pushes = answers.filter((a) => a.ok).length;
	const mean = pushes / perSecond.length;
	// Latency of the pushes sent once the clients are connected: in the first second every
	// connection is opened by a load generator sharing the 2 cores, and those first answers wait
	// on that, not on the server (which timed every push it received within its p99 then too;
	// issue 21). The whole run's p99 is kept beside it.
	const settled = answers.filter((a) => a.at - a.ms >= started + OPENING_MS).map((a) => a.ms);
	const latencies = answers.map((a) => a.ms);
	const measured = fromOpening && settled.length >= 100 ? settled : latencies;
	return {
		pushes,
		duration: seconds,
		stddev: Math.sqrt(perSecond.reduce((s, n) => s + (n - mean) ** 2, 0) / perSecond.length),
		latency: { p50: percentile(measured, 50), p99: percentile(measured, 99) },
		wholeRunP99: percentile(latencies, 99),
		failed: answers.filter((a) => !a.ok).length
	};
}

/**
 * Closed loop: `connections` spread as evenly as they go over `servers`, one autocannon per
 * instance, all loaded at once for `duration` seconds; the figures are over every answer.
 */
async function saturate(servers, cookie, createdBy, connections, duration) {
	const answers = [];
	const started = Date.now();
	const shares = spread(connections, servers.length);
	const runs = await Promise.all(servers.map((server, i) => loadOne(server, cookie, createdBy, shares[i], duration, answers)));
	const seconds = Math.max(...runs.map((r) => r.duration));
	return {
		...summarize(answers, started, seconds, true),
		steadyRate: null,
		failed: runs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0)
	};
}

/**
 * Offered load: `rate` pushes/s in all over `connections` clients spread over `servers`, each
 * instance's share of the rate in proportion to its clients (see `lib/open-loop.js`). The rate
 * answered is every answer of the run over the time from its start to its last answer.
 */
async function offerLoad(servers, cookie, createdBy, connections, duration, rate) {
	const started = Date.now();
	const shares = spread(connections, servers.length);
	const runs = await Promise.all(
		servers.map((server, i) =>
			offer({
				url: server.url,
				path: '/api/sync/push',
				headers: { 'content-type': 'application/json', cookie, origin: server.url },
				body: () => pushBody(createdBy),
				connections: shares[i],
				rate: (rate * shares[i]) / connections,
				duration,
				seed: 21 + i
			})
		)
	);
	const answers = runs.flatMap((r) => r.answers.map((a) => ({ at: started + a.answered, ms: a.ms, ok: a.ok })));
	const lastAnswer = Math.max(...runs.flatMap((r) => r.answers.map((a) => a.answered)));
	const generatorCpuMs = runs.reduce((n, r) => n + r.generatorCpuMs, 0) / runs.length;
	const summary = summarize(answers, started, lastAnswer / 1000, false);
	return {
		...summary,
		steadyRate: summary.pushes / (lastAnswer / 1000),
		generatorCpuMsPerPush: generatorCpuMs / Math.max(1, answers.length)
	};
}

/**
 * PostgreSQL's planner statistics for the fresh database, as autovacuum gathers them on a server
 * in service (within its minute's nap once a table has grown): without them, the first tens of
 * seconds plan every statement for the empty tables of the start. Measured here: 176 → 332
 * pushes/s at 50 connections on one instance, the same build, back to back (issue 21).
 */
async function analyze(databaseUrl) {
	const { default: pg } = await import('pg');
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	try {
		await client.query('ANALYZE');
	} finally {
		await client.end();
	}
}

/** A push checked by hand on each server: every mutation applied, so the load really writes. */
async function checkPushApplied(server, cookie, createdBy) {
	const res = await fetch(`${server.url}/api/sync/push`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie, origin: server.url },
		body: pushBody(createdBy)
	});
	const answer = await res.json();
	if (!res.ok || answer.results.some((r) => r.status !== 'applied'))
		throw new Error(`push not applied on ${server.url}: ${JSON.stringify(answer).slice(0, 300)}`);
}

function figures(r) {
	const rate = r.steadyRate ?? r.pushes / r.duration;
	const steadily = r.steadyRate === null ? '' : ' to the last answer';
	// The closed loop leaves its opening second out of the percentiles (see `summarize`); the offered load counts every push.
	const opening = r.steadyRate === null ? ` (whole run, the connections' opening second included: p99 ${num(r.wholeRunP99)} ms)` : '';
	return `${num(rate)}/s${steadily} (${r.pushes} in ${num(r.duration)} s in all; ±${num(r.stddev)} from second to second) · ${num(rate * MUTATIONS_PER_PUSH)}/s · ${num(r.latency.p50)} / ${num(r.latency.p99)} ms${opening}${r.failed ? ` · ${r.failed} failed` : ''}`;
}

/** The settings the issue's target is read on: one server per database (the 2 and 4 instances are printed for must-show 4). */
const judged = (name) => name === 'sqlite' || name === 'postgres, 1 instance';

/** A target row: `offered` pushes/s over `connections`, judged on the rate answered and its p99. */
function offeredRow(name, connections, offered, r) {
	const rate = r.steadyRate;
	const met = rate >= offered * OFFERED_TOLERANCE && offered >= TARGET_PUSHES_PER_S && r.latency.p99 <= TARGET_P99_MS;
	return {
		label: `Capacity ${name}, ${offered} pushes/s offered over ${connections} clients: answered/s · mutations/s · latency p50 / p99`,
		value: figures(r),
		target: `answers ≥ ${TARGET_PUSHES_PER_S}/s, p99 ≤ ${TARGET_P99_MS} ms`,
		verdict: r.failed ? 'errors' : met ? 'met' : 'missed'
	};
}

/**
 * The closed loop: every client sends again as soon as it is answered, so the rate is the
 * machine's ceiling and the latency mostly queueing. Judged by the same target on one server
 * per database, the stricter reading of the issue (200 clients at p99 ≤ 250 ms need ≥ 800/s).
 */
function saturationRow(name, connections, r) {
	const rate = r.pushes / r.duration;
	const met = rate >= TARGET_PUSHES_PER_S && r.latency.p99 <= TARGET_P99_MS;
	return {
		label: `Capacity ${name}, ${connections} clients, closed loop (saturation): pushes/s · mutations/s · latency p50 / p99`,
		value: figures(r),
		target: judged(name) ? `pushes ≥ ${TARGET_PUSHES_PER_S}/s, p99 ≤ ${TARGET_P99_MS} ms` : '',
		verdict: r.failed ? 'errors' : judged(name) ? (met ? 'met' : 'missed') : ''
	};
}

/**
 * `servers`: one app server per database (SQLite, PostgreSQL), as run.js started them. With
 * `buildDir`, `logDir` and `runDir`, the PostgreSQL server's database also gets 2 and 4
 * instances (the first being that server, the others started here and stopped afterwards).
 */
export async function runCapacity({ servers, duration, log, buildDir, logDir, runDir }) {
	const rows = [];
	const results = {};
	const measure = async (name, group, cookie, userId) => {
		for (const server of group) await checkPushApplied(server, cookie, userId);
		await saturate(group, cookie, userId, 10, 2); // warm-up
		if (group[0].databaseUrl) await analyze(group[0].databaseUrl);
		for (const connections of CLIENTS) {
			const offered = await offerLoad(group, cookie, userId, connections, duration, TARGET_PUSHES_PER_S);
			results[`${name}-${connections}-offered`] = offered;
			log(
				`  ${name}, ${TARGET_PUSHES_PER_S}/s offered over ${connections} connections: ${offered.pushes} pushes, p99 ${num(offered.latency.p99)} ms, failed ${offered.failed}, load generator ${num(offered.generatorCpuMsPerPush)} ms CPU a push`
			);
			rows.push(offeredRow(name, connections, TARGET_PUSHES_PER_S, offered));
		}
		for (const connections of CLIENTS) {
			const r = await saturate(group, cookie, userId, connections, duration);
			results[`${name}-${connections}`] = r;
			log(`  ${name}, ${connections} connections, closed loop: ${r.pushes} pushes, p99 ${num(r.latency.p99)} ms, failed ${r.failed}`);
			rows.push(saturationRow(name, connections, r));
		}
	};
	for (const server of servers) {
		const { cookie, user } = await signInApi(server.url, 'kiemtra', 'demo-kiemtra-2025');
		await measure(server.databaseUrl ? 'postgres, 1 instance' : 'sqlite', [server], cookie, user.id);
		if (!server.databaseUrl || !buildDir) continue;
		// Started one after the other: the first has migrated and seeded the database already.
		const group = [server];
		try {
			for (const count of INSTANCES) {
				while (group.length < count)
					group.push(
						await startAppServer({
							buildDir,
							dataDir: join(runDir, `capacity-instance-${group.length + 1}`),
							databaseUrl: server.databaseUrl,
							logDir
						})
					);
				await measure(`postgres, ${count} instances`, group, cookie, user.id);
			}
		} finally {
			for (const extra of group.slice(1)) await extra.stop();
		}
	}
	return { rows, results };
}
