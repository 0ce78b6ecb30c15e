/** The app shell and the API carry the security headers, including for the offline shell. */
import { expect, test } from '@playwright/test';
import { demo, signIn, waitForServiceWorker } from './helpers';

test('pages send a CSP without inline scripts and refuse framing; the API refuses cross-origin writes', async ({ page, request }) => {
	for (const path of ['/', '/login', '/inspections/new']) {
		const res = await request.get(path);
		const csp = res.headers()['content-security-policy'] ?? '';
		expect(csp, path).toContain("frame-ancestors 'none'");
		const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
		expect(scriptSrc, path).toContain("'self'");
		expect(scriptSrc, path).not.toContain('unsafe-inline');
		expect(res.headers()['x-content-type-options']).toBe('nosniff');
		expect(res.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin');
	}
	const crossSite = await request.post('/api/auth/login', {
		headers: { origin: 'https://evil.example' },
		data: demo.inspector
	});
	expect(crossSite.status()).toBe(403);
	expect((await crossSite.json()).error.message).toBeTruthy();

	// The shell the service worker serves offline keeps the same policy.
	await signIn(page, demo.inspector);
	await waitForServiceWorker(page);
	const cached = await page.evaluate(async () => {
		const res = await caches.match('/', { ignoreSearch: true });
		return res?.headers.get('content-security-policy') ?? '';
	});
	expect(cached).toContain("frame-ancestors 'none'");
});
