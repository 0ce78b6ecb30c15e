/**
 * An inspection made with the browser offline reaches the server by itself when the network
 * returns (no reload, no button), and a second browser context with a fresh profile pulls it.
 */
import { expect, test } from '@playwright/test';
import { addOfficer, choose, demo, signIn, readStore, startInspection, waitForServiceWorker, type RawOutboxEntry } from './helpers';

test('offline work syncs when the network returns and a fresh device pulls it', async ({ browser, context, page, request }) => {
	await signIn(page, demo.inspector);
	await waitForServiceWorker(page);
	await context.setOffline(true);

	await startInspection(page, 'soc son', /Xã Sóc Sơn/);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await addOfficer(page, 'Lê Văn Cường');
	const inspectionId = page.url().split('/').pop()!;
	await page.getByRole('link', { name: /^C\./ }).click();
	await choose(page, 'C2', 'Không đạt');
	await choose(page, 'C7 — Lê Văn Cường', 'Đạt');
	await page.getByLabel('Chọn từ thư viện ảnh C2', { exact: true }).setInputFiles('static/icons/icon-512.png');
	await expect(page.getByRole('img', { name: 'Ảnh minh chứng C2' })).toBeVisible();

	await page.getByRole('link', { name: 'Kiểm tra Một cửa' }).click();
	const panel = page.getByTestId('sync-panel');
	await expect(panel.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 5');
	await expect(panel.getByTestId('sync-photos')).toHaveText('Ảnh, chữ ký chờ tải lên: 1');
	await expect(panel.getByTestId('sync-online')).toContainText('Không có mạng');
	const row = page.getByRole('link', { name: /Xã Sóc Sơn/ });
	await expect(row.getByTestId('inspection-state')).toHaveText('Nháp');
	expect(await readStore<RawOutboxEntry>(page, 'outbox')).toHaveLength(5);

	// The network returns: the app syncs on its own.
	await context.setOffline(false);
	// Generous: the round waits for the browser's online event and a photo upload.
	await expect(panel.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 0', { timeout: 30_000 });
	await expect(panel.getByTestId('sync-photos')).toHaveText('Ảnh, chữ ký chờ tải lên: 0', { timeout: 30_000 });
	await expect(panel.getByTestId('sync-last')).not.toContainText('—');
	expect(await readStore<RawOutboxEntry>(page, 'outbox')).toEqual([]);

	// The server holds it, once.
	expect((await request.get('/api/sync/pull?cursor=0')).status()).toBe(401);
	expect((await request.post('/api/auth/login', { data: demo.inspector })).ok()).toBe(true);
	const pulled = await (await request.get('/api/sync/pull?cursor=0&limit=2000')).json();
	const mine = (pulled.changes as { entity: string; data: Record<string, unknown> }[]).filter(
		(c) => c.data.inspectionId === inspectionId || c.data.id === inspectionId
	);
	expect(mine.filter((c) => c.entity === 'inspection')).toHaveLength(1);
	expect(mine.filter((c) => c.entity === 'answer')).toHaveLength(2);
	expect(mine.filter((c) => c.entity === 'photo')).toHaveLength(1);

	// A second device (fresh profile) pulls it.
	const other = await browser.newContext();
	const page2 = await other.newPage();
	await signIn(page2, demo.inspector);
	await page2.getByRole('link', { name: /Xã Sóc Sơn/ }).click();
	await expect(page2.getByRole('listitem').filter({ hasText: 'Lê Văn Cường' })).toBeVisible();
	await page2.getByRole('link', { name: /^C\./ }).click();
	await expect(page2.getByRole('group', { name: 'C2', exact: true }).getByRole('button', { name: 'Không đạt' })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	await expect(page2.getByRole('img', { name: 'Ảnh minh chứng C2' })).toBeVisible();
	await other.close();
});
