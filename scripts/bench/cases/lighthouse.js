/**
 * 9. Lighthouse (mobile): performance, accessibility and best practices of the sign-in page,
 * the inspector's home page and a section page (issue 20, must-show 6).
 *
 * Lighthouse 12.2.3 (pinned: 13 needs Node 22) drives Debian's Chromium, launched by
 * chrome-launcher (Lighthouse's own) with the benchmarks' flags on a profile of its own, headless.
 * Lighthouse's defaults are kept: mobile form factor (Moto G Power, 412 × 823), simulated slow 4G
 * and 4× CPU slowdown, the three categories only.
 *
 * Signing in: before the runs, Playwright connects to that same Chromium over CDP, signs the
 * inspector in through the API (session cookie in the profile) and stores the user the way the
 * app does, from a JSON page, then makes an inspection with 5 officers through the app's own
 * actions (the section page needs a record on the device). Lighthouse is run with
 * `disableStorageReset` so it keeps that session and IndexedDB; instead, before every run, the
 * script unregisters the service worker and empties Cache Storage and the HTTP cache, so each
 * measured load is a first load of the app's files by a signed-in inspector (the worst case:
 * nothing cached), not a start from the worker's precache. The sign-in page is measured signed
 * out (its own profile state: cookie and stored user removed).
 *
 * Each page is run three times; the median of each score is reported with the spread, and every
 * audit that scored below 0.9 in the median run is listed with its displayed value.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromiumArgs, chromiumPath, inject, signInWithoutApp } from '../lib/browser.js';
import { median } from '../lib/stats.js';

const TARGET = 95;
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
const inspector = { username: 'kiemtra', password: 'demo-kiemtra-2025' };

/** Forgets the worker, its caches and the HTTP cache; keeps cookies, localStorage and IndexedDB. */
async function emptyCaches(context, origin) {
	const page = await context.newPage();
	try {
		await page.goto(`${origin}/api/health`);
		await page.evaluate(async () => {
			for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
			for (const key of await caches.keys()) await caches.delete(key);
		});
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.clearBrowserCache');
	} finally {
		await page.close();
	}
}

async function signOut(context, origin) {
	await context.clearCookies();
	const page = await context.newPage();
	try {
		await page.goto(`${origin}/api/health`);
		await page.evaluate(() => localStorage.clear());
	} finally {
		await page.close();
	}
}

async function audit(port, url) {
	const result = await lighthouse(url, {
		port,
		output: 'json',
		logLevel: 'error',
		onlyCategories: CATEGORIES,
		disableStorageReset: true
	});
	if (!result) throw new Error(`lighthouse gave no result for ${url}`);
	const { lhr } = result;
	// BENCH_LIGHTHOUSE_DIR=dir keeps every report (open the JSON in the Lighthouse viewer).
	if (process.env.BENCH_LIGHTHOUSE_DIR) {
		mkdirSync(process.env.BENCH_LIGHTHOUSE_DIR, { recursive: true });
		const name = `${new URL(url).pathname.split('/').filter(Boolean)[0] ?? 'home'}-${Date.now()}.json`;
		writeFileSync(join(process.env.BENCH_LIGHTHOUSE_DIR, name), JSON.stringify(lhr));
	}
	if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
	const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]));
	const failing = [];
	for (const c of CATEGORIES)
		for (const ref of lhr.categories[c].auditRefs) {
			const a = lhr.audits[ref.id];
			if (ref.weight > 0 && a.score !== null && a.score < 0.9)
				failing.push({ category: c, id: a.id, title: a.title, score: a.score, value: a.displayValue ?? '' });
		}
	const metric = (id) => lhr.audits[id]?.numericValue ?? NaN;
	return {
		finalUrl: lhr.finalDisplayedUrl,
		scores,
		failing,
		metrics: {
			fcp: metric('first-contentful-paint'),
			lcp: metric('largest-contentful-paint'),
			tbt: metric('total-blocking-time'),
			cls: metric('cumulative-layout-shift')
		}
	};
}

export async function runLighthouse({ bundles, server, scratch, runs, log }) {
	const userDataDir = mkdtempSync(join(scratch, 'lighthouse-'));
	const chrome = await chromeLauncher.launch({
		chromePath: chromiumPath,
		chromeFlags: [...chromiumArgs, '--headless=new'],
		userDataDir,
		logLevel: 'error'
	});
	const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
	try {
		const context = browser.contexts()[0];
		const { page, user } = await signInWithoutApp(context, server.url, inspector);
		await inject(page, bundles.app);
		const unit = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };
		await page.evaluate(() => KtmcBench.storeTemplates(KtmcBench.userDbName()));
		const made = await page.evaluate(
			([u, by]) => KtmcBench.makeInspection(KtmcBench.userDbName(), { unit: u, createdBy: by, officers: 5, answerAll: false }),
			[unit, user.id]
		);
		await page.close();
		const pages = [
			{ name: 'home', label: 'home page (/)', url: `${server.url}/` },
			{ name: 'section', label: 'section page (D, 5 officers)', url: `${server.url}/inspections/${made.id}/sections/D` },
			{ name: 'login', label: 'sign-in page (/login)', url: `${server.url}/login`, signedOut: true }
		];
		const rows = [];
		const results = {};
		// BENCH_LIGHTHOUSE_PAGES=home,section,login: a subset, to look into one page.
		const only = process.env.BENCH_LIGHTHOUSE_PAGES?.split(',');
		for (const p of pages.filter((x) => !only || only.includes(x.name))) {
			if (p.signedOut) await signOut(context, server.url);
			const list = [];
			for (let i = 0; i < runs; i++) {
				await emptyCaches(context, server.url);
				const r = await audit(chrome.port, p.url);
				if (new URL(r.finalUrl).pathname !== new URL(p.url).pathname) throw new Error(`${p.url} ended on ${r.finalUrl}`);
				list.push(r);
				log(`  lighthouse ${p.name} run ${i + 1}: ${CATEGORIES.map((c) => `${c} ${r.scores[c]}`).join(', ')}`);
			}
			results[p.name] = list;
			const med = Object.fromEntries(CATEGORIES.map((c) => [c, median(list.map((r) => r.scores[c]))]));
			const spread = (c) => {
				const v = list.map((r) => r.scores[c]);
				return Math.min(...v) === Math.max(...v) ? '' : ` (${Math.min(...v)}–${Math.max(...v)})`;
			};
			// The run whose performance score is the median one: its failing audits and metrics are shown.
			const byPerf = [...list].sort((a, b) => a.scores.performance - b.scores.performance);
			const mid = byPerf[Math.floor(byPerf.length / 2)];
			const failing = mid.failing.map((f) => `${f.id}${f.value ? ` (${f.value})` : ''}`);
			rows.push({
				label: `Lighthouse mobile, ${p.label}: performance / accessibility / best practices`,
				value:
					`${CATEGORIES.map((c) => `${med[c]}${spread(c)}`).join(' / ')} (median of ${list.length}); ` +
					`FCP ${(mid.metrics.fcp / 1000).toFixed(1)} s, LCP ${(mid.metrics.lcp / 1000).toFixed(1)} s, TBT ${Math.round(mid.metrics.tbt)} ms, CLS ${mid.metrics.cls.toFixed(3)}; ` +
					`below 0.9: ${failing.length ? failing.join(', ') : 'none'}`,
				target: `each ≥ ${TARGET}`,
				verdict: CATEGORIES.every((c) => med[c] >= TARGET) ? 'met' : 'missed'
			});
		}
		return { rows, results };
	} finally {
		await browser.close().catch(() => {});
		chrome.kill();
	}
}
