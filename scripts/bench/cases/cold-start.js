/**
 * 2. Offline cold start: from navigation to the first checklist item card visible, with the
 * service worker in control and the browser offline, unthrottled and at 4× CPU throttling.
 *
 * The 120-item checklist: an inspection of the default template (sections A–D) with 5 officers
 * has exactly 120 answer slots (30 shared items + 18 per-officer items × 5), all answered here
 * through the app's own actions. The page opened is its section D (13 items × 5 officers = 65
 * slots, the largest section page); like every section page it reads and scores the whole
 * record (all 120 answers) before it renders.
 *
 * Each run is a real app start: the browser is relaunched on the same profile (service worker,
 * its caches and IndexedDB kept, nothing in memory), offline from the start, then navigates.
 * An init script notes when the first item card (or the per-officer grid, issue 20) is laid out and visible, then waits for the
 * frame to be painted (rAF + message). Throttling is CDP Emulation.setCPUThrottlingRate; a
 * fixed busy loop is timed in each run to show it took effect.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject, launchProfile, signInWithoutApp, waitForServiceWorker } from '../lib/browser.js';
import { num, summary } from '../lib/stats.js';

const TARGET_MS = 1000;
const inspector = { username: 'kiemtra', password: 'demo-kiemtra-2025' };

function probe() {
	const visible = () => {
		const el = document.querySelector('article.item, [data-testid="officer-grid"]');
		if (!el) return false;
		const r = el.getBoundingClientRect();
		return r.height > 0 && r.top < innerHeight;
	};
	const done = () => {
		const seen = performance.now();
		requestAnimationFrame(() => {
			const channel = new MessageChannel();
			channel.port1.onmessage = () => (window.__firstItem = { seen, painted: performance.now() });
			channel.port2.postMessage(0);
		});
	};
	const observer = new MutationObserver(() => {
		if (visible()) {
			observer.disconnect();
			done();
		}
	});
	observer.observe(document, { childList: true, subtree: true });
}

async function prepare(profile, bundle, server) {
	const context = await launchProfile(profile);
	try {
		const { page, user } = await signInWithoutApp(context, server.url, inspector);
		await inject(page, bundle);
		const unit = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };
		await page.evaluate(() => KtmcBench.storeTemplates(KtmcBench.userDbName()));
		const made = await page.evaluate(
			([u, by]) => KtmcBench.makeInspection(KtmcBench.userDbName(), { unit: u, createdBy: by, officers: 5, answerAll: true }),
			[unit, user.id]
		);
		if (made.slots !== 120) throw new Error(`expected 120 answer slots, got ${made.slots}`);
		const url = `${server.url}/inspections/${made.id}/sections/D`;
		await page.goto(url);
		await page.locator('article.item, [data-testid="officer-grid"]').first().waitFor();
		await waitForServiceWorker(page);
		return url;
	} finally {
		await context.close();
	}
}

async function once(profile, url, rate) {
	const context = await launchProfile(profile);
	try {
		await context.setOffline(true);
		await context.addInitScript(probe);
		const page = context.pages()[0] ?? (await context.newPage());
		const cdp = await context.newCDPSession(page);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate });
		await page.goto(url, { waitUntil: 'commit' });
		await page.waitForFunction(() => window.__firstItem, null, { timeout: 60_000 });
		return await page.evaluate(async () => {
			// The network really is off: the server's health endpoint (never cached) is unreachable.
			const network = await fetch('/api/health', { cache: 'no-store' }).then(
				(r) => `answered ${r.status}`,
				() => 'unreachable'
			);
			const t0 = performance.now();
			let x = 0;
			for (let i = 0; i < 2e6; i++) x += i % 7;
			const loopMs = performance.now() - t0 + (x < 0 ? 1 : 0);
			const nav = performance.getEntriesByType('navigation')[0];
			const seen = window.__firstItem.seen;
			const assets = performance
				.getEntriesByType('resource')
				.filter((r) => r.startTime < seen && /\.(js|css)$/.test(new URL(r.name).pathname));
			return {
				workerStart: nav?.workerStart ?? null,
				assetsEnd: Math.max(...assets.map((r) => r.responseEnd)),
				assets: assets.length,
				...window.__firstItem,
				controlled: navigator.serviceWorker.controller !== null,
				online: navigator.onLine,
				network,
				items: document.querySelectorAll('article.item').length,
				slots: document.querySelectorAll('article.item .controls, [data-testid="officer-grid"] [data-slot]').length,
				loopMs,
				responseEnd: nav?.responseEnd ?? null
			};
		});
	} finally {
		await context.close();
	}
}

/**
 * One more 4× run, not counted, under a Chromium trace with the V8 sampler: the trace is written
 * to `dir` (open it in DevTools' Performance panel or Perfetto) and the self time per script
 * from navigation to the first item is returned, largest first.
 */
async function traced(profile, url, dir) {
	const context = await launchProfile(profile);
	try {
		await context.setOffline(true);
		await context.addInitScript(probe);
		await context.addInitScript(() => {
			const watch = new MutationObserver(() => {
				if (!document.querySelector('article.item, [data-testid="officer-grid"]')) return;
				watch.disconnect();
				performance.mark('first-item');
			});
			watch.observe(document, { childList: true, subtree: true });
		});
		const page = context.pages()[0] ?? (await context.newPage());
		const cdp = await context.newCDPSession(page);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
		const events = [];
		cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
		const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
		const categories = [
			'devtools.timeline',
			'v8.execute',
			'blink.user_timing',
			'loading',
			'disabled-by-default-devtools.timeline',
			'disabled-by-default-v8.cpu_profiler'
		];
		await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: categories } });
		await page.goto(url, { waitUntil: 'commit' });
		await page.waitForFunction(() => window.__firstItem, null, { timeout: 60_000 });
		await cdp.send('Tracing.end');
		await complete;
		mkdirSync(dir, { recursive: true });
		const file = join(dir, `cold-start-4x-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify({ traceEvents: events }));
		return { file, selfTime: selfTimeByScript(events) };
	} finally {
		await context.close();
	}
}

/** The V8 sampler's self time per script (file name) on the page's thread, navigation → first item. */
function selfTimeByScript(events) {
	const mark = events.find((e) => e.name === 'first-item');
	const nav = events.filter((e) => e.pid === mark?.pid && e.name === 'navigationStart').sort((a, b) => a.ts - b.ts)[0];
	if (!mark || !nav) return [];
	const nodes = new Map();
	const samples = [];
	const deltas = [];
	let t = 0;
	// The sampler's chunks come from its own thread of the page's process.
	for (const e of events.filter((e) => e.pid === mark.pid)) {
		if (e.name === 'Profile') t = e.args.data.startTime;
		if (e.name !== 'ProfileChunk') continue;
		for (const n of e.args.data.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
		samples.push(...(e.args.data.cpuProfile?.samples ?? []));
		deltas.push(...(e.args.data.timeDeltas ?? []));
	}
	const byScript = new Map();
	for (let i = 0; i < samples.length; i++) {
		t += deltas[i];
		if (t < nav.ts || t > mark.ts) continue;
		const frame = nodes.get(samples[i])?.callFrame;
		if (!frame || frame.functionName === '(idle)') continue;
		const name = frame.url ? frame.url.split('/').pop() : frame.functionName;
		byScript.set(name, (byScript.get(name) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
	}
	return [...byScript].sort((a, b) => b[1] - a[1]);
}

/** Medians of where the time went: shell from the worker, last JS/CSS module in, first item painted. */
function phases(list) {
	const m = (key) => summary(list.map((r) => r[key])).median;
	return {
		shell: m('responseEnd'),
		assetsEnd: m('assetsEnd'),
		assets: m('assets'),
		seen: m('seen'),
		painted: m('painted'),
		loopMs: m('loopMs')
	};
}

export async function runColdStart({ bundles, server, scratch, runs, log }) {
	const profile = mkdtempSync(join(scratch, 'profile-'));
	const url = await prepare(profile, bundles.app, server);
	await once(profile, url, 1); // warm-up: first relaunch of a new profile reads everything from disk once
	const rows = [];
	const results = {};
	for (const rate of [1, 4]) {
		const list = [];
		for (let i = 0; i < runs; i++) {
			const r = await once(profile, url, rate);
			if (!r.controlled || r.network !== 'unreachable') throw new Error(`run not offline under the service worker: ${JSON.stringify(r)}`);
			list.push(r);
		}
		results[rate] = list;
		const s = summary(list.map((r) => r.painted));
		const loop = summary(list.map((r) => r.loopMs));
		log(`  cold start ×${rate}: ${list.map((r) => num(r.painted)).join(', ')} ms; busy loop ${num(loop.median)} ms`);
		rows.push({
			label: `Offline cold start, ${list[0].slots} slots on screen of 120${rate === 1 ? ', unthrottled' : `, ${rate}× CPU throttling`}`,
			value: `${num(s.median)} ms (${num(s.min)}–${num(s.max)}, ${s.n} runs)`,
			phases: phases(list),
			target: rate === 4 ? `≤ ${TARGET_MS} ms` : '',
			verdict: rate === 4 ? (s.median <= TARGET_MS ? 'met' : 'missed') : ''
		});
	}
	// BENCH_COLD_TRACE=dir: one more run at 4×, traced, to see where the main thread's time goes.
	if (process.env.BENCH_COLD_TRACE) {
		const { file, selfTime } = await traced(profile, url, process.env.BENCH_COLD_TRACE);
		log(`  trace of a 4× run: ${file}`);
		for (const [script, ms] of selfTime.slice(0, 8)) log(`    ${num(ms).padStart(7)} ms self time in ${script}`);
	}
	return { rows, results };
}
