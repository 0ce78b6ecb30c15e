/**
 * Issue 20, must-shows 3 and 7: offline, an inspection with a photo and its annotated copy; the
 * unsynced work saved as a passphrase-encrypted file; the phone "dies" (its context closed) and a
 * fresh profile signs in, is refused the file under a wrong passphrase (nothing changes), restores
 * it offline, and once online the server holds the record, the photo and its annotated copy
 * exactly once.
 */
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { choose, demo, readStore, signIn, startInspection, waitForServiceWorker, type RawOutboxEntry } from './helpers';

const PASSPHRASE = 'pin yếu mất mạng 15%';

test('unsynced work survives a dead phone through an encrypted backup file, and reaches the server once', async ({
	browser,
	context,
	page,
	request
}) => {
	await signIn(page, demo.inspector);
	await waitForServiceWorker(page);
	await context.setOffline(true);

	await startInspection(page, 'noi bai', /Xã Nội Bài/);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /Xã Nội Bài/ })).toBeVisible();
	const inspectionId = page.url().split('/').pop()!;
	await page.getByRole('link', { name: /^C\./ }).click();
	await choose(page, 'C2', 'Không đạt');
	// From the phone's gallery (no `capture`), next to the camera button.
	await expect(page.getByLabel('Chụp ảnh C2', { exact: true })).toHaveAttribute('capture', 'environment');
	const fromGallery = page.getByLabel('Chọn từ thư viện ảnh C2', { exact: true });
	expect(await fromGallery.getAttribute('capture')).toBeNull();
	await fromGallery.setInputFiles('static/icons/icon-512.png');

	// Enlarge, zoom, annotate with an arrow: a new photo in the original's place, the original kept.
	const slot = page.locator('article[data-item="C2"]');
	await slot.getByTestId('photo-thumb').click();
	const viewer = page.getByTestId('photo-viewer');
	await expect(viewer.getByTestId('viewer-image')).toBeVisible();
	const originalSha = await viewer.getByTestId('viewer-image').getAttribute('data-sha256');
	await viewer.getByTestId('zoom-in').click();
	await expect(viewer.getByTestId('viewer-stage')).toHaveAttribute('data-scale', '1.5');
	await viewer.getByTestId('annotate-photo').click();
	const canvas = viewer.getByTestId('annotation-canvas');
	const box = (await canvas.boundingBox())!;
	await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6, { steps: 5 });
	await page.mouse.up();
	await expect(canvas).toHaveAttribute('data-marks', '1');
	await viewer.getByTestId('save-annotation').click();
	await expect(viewer.getByText('Ảnh đã chú thích')).toBeVisible();
	const annotatedSha = await viewer.getByTestId('viewer-image').getAttribute('data-sha256');
	expect(annotatedSha).not.toBe(originalSha);
	await viewer.getByTestId('show-original').click();
	await expect(viewer.getByTestId('viewer-image')).toHaveAttribute('data-sha256', originalSha!);
	await viewer.getByTestId('viewer-close').click();
	await expect(slot.getByTestId('photo-count')).toHaveText('1 ảnh');
	// The record's own gallery counts it once too (the copy stands in its original's place).
	await page.goto(`/inspections/${inspectionId}`);
	await page.getByTestId('record-photos-link').click();
	await expect(page.getByTestId('record-photo-count')).toHaveText('1 ảnh');
	await expect(page.getByTestId('photo-thumb')).toHaveCount(1);

	// Back up the unsynced work.
	await page.getByRole('link', { name: 'Kiểm tra Một cửa' }).click();
	const panel = page.getByTestId('sync-panel');
	await expect(panel.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 4');
	await expect(panel.getByTestId('upload-item')).toHaveCount(2);
	await expect(panel.getByTestId('upload-item').first()).toContainText('Chờ có mạng');
	await panel.getByRole('button', { name: 'Sao lưu dữ liệu chưa gửi' }).click();
	await panel.getByTestId('backup-passphrase').fill(PASSPHRASE);
	await panel.getByTestId('backup-passphrase-repeat').fill(PASSPHRASE);
	const downloading = page.waitForEvent('download');
	await panel.getByTestId('backup-save').click();
	const file = join(tmpdir(), `ktmc-backup-${process.pid}.ktmc`);
	await (await downloading).saveAs(file);
	await expect(panel.getByTestId('backup-result')).toContainText('1 biên bản, 4 thay đổi, 2 ảnh');
	// The phone dies with its queue unsent.
	await context.close();

	// Another phone (a fresh profile): signed in, then offline.
	const other = await browser.newContext();
	const phone = await other.newPage();
	await signIn(phone, demo.inspector);
	await waitForServiceWorker(phone);
	await other.setOffline(true);
	const panel2 = phone.getByTestId('sync-panel');
	await panel2.getByRole('button', { name: 'Khôi phục từ tệp sao lưu' }).click();
	await panel2.getByTestId('backup-file').setInputFiles(file);
	await panel2.getByTestId('backup-restore-passphrase').fill('mật khẩu sai');
	await panel2.getByTestId('backup-restore').click();
	await expect(panel2.getByTestId('backup-problem')).toContainText('Sai mật khẩu');
	expect(await readStore<RawOutboxEntry>(phone, 'outbox')).toEqual([]);

	await panel2.getByTestId('backup-restore-passphrase').fill(PASSPHRASE);
	await panel2.getByTestId('backup-restore').click();
	await expect(panel2.getByTestId('backup-result')).toContainText('1 biên bản, 4 thay đổi chờ gửi, 2 ảnh');
	await expect(panel2.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 4');
	await expect(phone.getByRole('link', { name: /Xã Nội Bài/ })).toBeVisible();

	// The network returns: the restored queue goes by itself.
	await other.setOffline(false);
	await expect(panel2.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 0', { timeout: 30_000 });
	await expect(panel2.getByTestId('sync-photos')).toHaveText('Ảnh, chữ ký chờ tải lên: 0', { timeout: 30_000 });
	expect(await readStore<RawOutboxEntry>(phone, 'outbox')).toEqual([]);
	await other.close();

	// The server holds the record, its answer, the photo and its annotated copy, once each.
	expect((await request.post('/api/auth/login', { data: demo.inspector })).ok()).toBe(true);
	const pulled = await (await request.get('/api/sync/pull?cursor=0&limit=2000')).json();
	const mine = (pulled.changes as { entity: string; data: Record<string, unknown> }[]).filter(
		(c) => c.data.inspectionId === inspectionId || c.data.id === inspectionId
	);
	expect(mine.filter((c) => c.entity === 'inspection')).toHaveLength(1);
	expect(mine.filter((c) => c.entity === 'answer')).toHaveLength(1);
	const photos = mine.filter((c) => c.entity === 'photo').map((c) => c.data);
	expect(photos).toHaveLength(2);
	expect(photos.find((p) => p.sha256 === annotatedSha)).toMatchObject({ originalSha256: originalSha });
	expect(photos.find((p) => p.sha256 === originalSha)).toBeDefined();
	for (const sha of [originalSha, annotatedSha]) expect((await request.head(`/api/blobs/${sha}`)).status()).toBe(200);
});
