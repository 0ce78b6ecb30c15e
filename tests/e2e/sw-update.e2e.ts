/**
 * A new version is deployed while an inspection is open: the page must not reload by itself.
 * It offers "Có phiên bản mới — tải lại"; only when the inspector presses it does the new
 * version take over, and the answers are still there afterwards.
 */
import { expect, test } from '@playwright/test';
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { AppServer } from './app-server';
import { choose, demo, signIn, startInspection, waitForServiceWorker } from './helpers';

let server: AppServer;
test.beforeAll(async () => {
	server = new AppServer(4181, join(tmpdir(), `ktmc-sw-update-${process.pid}`));
	await server.start();
});
test.afterAll(async () => server?.dispose());

test('a new service worker version never reloads an open inspection by itself', async ({ page }) => {
	await signIn(page, demo.inspector, server.url);
	await waitForServiceWorker(page);
	await startInspection(page, 'hoan kiem', /Phường Hoàn Kiếm/);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await page.getByRole('link', { name: /^A\./ }).click();
	await choose(page, 'A3', 'Đạt');
	// Typing in progress: not yet blurred, lives only in the page.
	await page.getByLabel('Ghi chú A3').fill('Đang ghi dở');
	await page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
	let navigations = 0;
	page.on('framenavigated', (f) => f === page.mainFrame() && navigations++);

	// Deploy a new version: a changed service-worker script, served by a restarted server.
	const sw = join(server.buildDir, 'client', 'service-worker.js');
	appendFileSync(sw, '\n// next release\n');
	rmSync(`${sw}.br`, { force: true });
	rmSync(`${sw}.gz`, { force: true });
	await server.kill();
	await server.start();
	await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

	await expect(page.getByText('Có phiên bản mới — tải lại')).toBeVisible();
	// The new worker is installed and waiting: it did not take over on its own.
	expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(true);
	expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
	expect(navigations).toBe(0);
	await expect(page.getByLabel('Ghi chú A3')).toHaveValue('Đang ghi dở');

	// The inspector chooses to reload: the note being typed is saved first, then the new version runs.
	// The reload can finish before click() returns, so count navigations rather than wait for an event.
	await page.getByRole('button', { name: 'Tải lại' }).click();
	await expect.poll(() => navigations, { timeout: 30_000 }).toBeGreaterThan(0);
	await expect(page.getByRole('heading', { level: 1, name: /^A\./ })).toBeVisible();
	expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBeUndefined();
	await expect(page.getByLabel('Ghi chú A3')).toHaveValue('Đang ghi dở');
	await expect(page.getByRole('group', { name: 'A3', exact: true }).getByRole('button', { name: 'Đạt', exact: true })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(false);
});
