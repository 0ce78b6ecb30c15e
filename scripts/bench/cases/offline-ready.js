/**
 * 10. Offline-ready after a first visit: from the first navigation of a fresh browser to the
 * moment its service worker controls the page with the whole precache stored (the app then opens
 * and works with no network), on the loopback and behind a proxy that holds every answer 150 ms,
 * as a slow mobile link's round trip does (the page's own requests and the worker's alike).
 *
 * The worker precaches about 280 files. Workbox fetches them one after another; since 2026-12-07
 * the app's worker first fetches them six at a time (src/service-worker/precache-warm.ts), so on a
 * slow link the wait is a round trip per six files instead of per file.
 */
import http from 'node:http';
import { contextOptions, waitForServiceWorker } from '../lib/browser.js';
import { freePort } from '../lib/servers.js';
import { num, summary } from '../lib/stats.js';

/** What the proxy holds each answer for: a slow mobile link's round trip, roughly. */
const HELD_MS = 150;

/** A proxy in front of `url` that holds each whole answer `heldMs` before sending it on. */
async function slowProxy(url, heldMs) {
	const target = new URL(url);
	const port = await freePort();
	const proxy = http.createServer((req, res) => {
		const upstream = http.request(
			{ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
			(answer) => {
				const chunks = [];
				answer.on('data', (chunk) => chunks.push(chunk));
				answer.on('end', () =>
					setTimeout(() => {
						res.writeHead(answer.statusCode ?? 502, answer.headers);
						res.end(Buffer.concat(chunks));
					}, heldMs)
				);
			}
		);
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	await new Promise((resolve) => proxy.listen(port, '127.0.0.1', resolve));
	return { url: `http://localhost:${port}`, close: () => new Promise((resolve) => proxy.close(resolve)) };
}

/** Milliseconds from a fresh context's first navigation to a controlling, fully precached worker. */
async function once(browser, base) {
	const context = await browser.newContext(contextOptions);
	try {
		const page = await context.newPage();
		const t0 = performance.now();
		await page.goto(`${base}/login`);
		await waitForServiceWorker(page);
		return performance.now() - t0;
	} finally {
		await context.close();
	}
}

export async function runOfflineReady({ browser, server, runs, log }) {
	const rows = [];
	const results = {};
	const proxy = await slowProxy(server.url, HELD_MS);
	try {
		for (const [name, base, label] of [
			['loopback', server.url, 'loopback'],
			['held', proxy.url, `every answer held ${HELD_MS} ms`]
		]) {
			const list = [];
			for (let i = 0; i < runs; i++) list.push(await once(browser, base));
			results[name] = list;
			const s = summary(list);
			log(`  offline-ready, ${label}: ${list.map((ms) => num(ms)).join(', ')} ms`);
			rows.push({
				label: `Offline-ready after a first visit, ${label}`,
				value: `${num(s.median)} ms (${num(s.min)}–${num(s.max)}, ${s.n} runs)`,
				target: '',
				verdict: ''
			});
		}
	} finally {
		await proxy.close();
	}
	return { rows, results };
}
