/**
 * Chromium through Playwright for the browser benchmarks: Debian's /usr/bin/chromium with the
 * project's flags, sign-in helpers that do not load the app (so a later navigation is a true
 * first load), and injection of the benchmark bundles.
 */
import { chromium } from '@playwright/test';

export const chromiumPath = '/usr/bin/chromium';
export const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export const contextOptions = { locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 412, height: 915 } };

export function launchBrowser() {
	return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/** A persistent profile (user data dir) relaunched per run: a real app start, caches and SW kept. */
export function launchProfile(userDataDir, options = {}) {
	return chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath, args: chromiumArgs, ...contextOptions, ...options });
}

/**
 * Signs `context` in as `account` through the API (cookie in the context's jar) and stores the
 * user the way the app's sign-in does, from a JSON endpoint page so no app asset is fetched.
 * Returns the page (left on that origin) and the user.
 */
export async function signInWithoutApp(context, base, account) {
	const res = await context.request.post(`${base}/api/auth/login`, { data: account, headers: { origin: base } });
	if (!res.ok()) throw new Error(`login failed: ${res.status()} ${await res.text()}`);
	const { user } = await res.json();
	const page = context.pages()[0] ?? (await context.newPage());
	await page.goto(`${base}/api/health`);
	await page.evaluate((u) => localStorage.setItem('kiem-tra-mot-cua:user', JSON.stringify(u)), user);
	return { page, user };
}

/** Evaluates a bundle built by browser-bundles.js in the page (DevTools evaluation: no CSP applies). */
export async function inject(page, source) {
	await page.evaluate(source);
}

/** Waits until the page is controlled by the service worker and its precache has finished. */
export async function waitForServiceWorker(page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller)
			await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
	});
}
