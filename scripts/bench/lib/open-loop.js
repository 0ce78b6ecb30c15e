/**
 * An open-loop load generator: `connections` clients, each with one keep-alive connection and
 * its own arrivals at random times (a Poisson process at its share of `rate`, conditioned on its
 * count: exactly rate × duration pushes in all, each client's at uniformly random instants of
 * the run). A push that arrives while its client still waits for an answer queues behind it, as
 * a phone's outbox does; its latency runs from the instant it arrived, so time spent queued on
 * the client counts and a server that falls behind shows it in full ("coordinated omission"
 * avoided, the wrk2 way).
 *
 * Why not autocannon's `overallRate`: it lets each connection send its whole share of a second at
 * that second's start, back to back — every client bursting at once, a closed loop for the first
 * part of each second (issue 21). Devices reconnecting in a province's morning arrive at random.
 */
import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../national/generate.js';
import { RawConnection, requestBytes } from './raw-http.js';

/** `total` in `parts` whole numbers as even as they go, the larger first (they add up to `total`). */
export const spread = (total, parts) => Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));

/**
 * Offers `rate` requests per second for `duration` seconds over `connections` clients against
 * `url` + `path`. `body()` gives each request's body; every body and request is made before the
 * clock starts (on bare sockets, raw-http.js), so the generator's share of the cores while it
 * runs is sending and reading, as small as it goes. Resolves with every answer (`arrived` and
 * `answered` in ms from the start, `ms` its latency from arrival, `ok` for a 2xx) and the CPU this
 * process spent meanwhile, the generator's own cost beside the servers' on the same cores.
 */
export async function offer({
	url,
	path,
	headers,
	body,
	connections,
	rate,
	duration,
	seed = 21,
	timeoutMs = 30_000,
	connectPath = '/api/health'
}) {
	const target = new URL(path, url);
	// Seeded, so two runs offer the same arrivals.
	const next = mulberry32(seed);
	const counts = spread(Math.round(rate * duration), connections);
	const clientsOf = counts.map((count) => ({
		connection: new RawConnection(url),
		arrivals: Array.from({ length: count }, () => next() * duration * 1000).sort((a, b) => a - b),
		requests: Array.from({ length: count }, () => requestBytes(target, 'POST', headers, body()))
	}));
	// Every client connected before the clock starts (one GET each), as devices already online
	// are: opening 200 connections at the same instant costs this machine a second, and the
	// backlog it leaves would be counted against the pushes that follow.
	const hello = requestBytes(new URL(connectPath, url), 'GET', {}, '');
	const opened = await Promise.all(clientsOf.map((c) => c.connection.send(hello, timeoutMs)));
	const refused = opened.find((answer) => answer.error || answer.status !== 200);
	if (refused) throw new Error(`the load generator could not connect: ${refused.error?.message ?? refused.status}`);
	const answers = [];
	const cpuBefore = process.cpuUsage();
	const start = performance.now();

	const clients = clientsOf.map(async ({ connection, arrivals, requests }) => {
		try {
			for (const [k, arrived] of arrivals.entries()) {
				const wait = start + arrived - performance.now();
				if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
				const { status, error } = await connection.send(requests[k], timeoutMs);
				const answered = performance.now() - start;
				answers.push({ arrived, answered, ms: answered - arrived, ok: !error && status >= 200 && status < 300, error });
			}
		} finally {
			connection.close();
		}
	});

	await Promise.all(clients);
	const cpu = process.cpuUsage(cpuBefore);
	return { answers, generatorCpuMs: (cpu.user + cpu.system) / 1000, elapsedMs: performance.now() - start };
}
