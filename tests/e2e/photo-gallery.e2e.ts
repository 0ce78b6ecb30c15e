/**
 * Issue 20, must-show 3: an item's gallery — two photos chosen at once from the phone's gallery,
 * enlarged, zoomed by a pinch and a double tap, moved between by the arrows and the keyboard, and
 * one removed after a confirmation (cancelled first: nothing removed).
 */
import { expect, test } from '@playwright/test';
import { choose, demo, readStore, signIn, startInspection, waitForServiceWorker, type RawOutboxEntry } from './helpers';

test('an item’s gallery: enlarge, pinch and double-tap zoom, next and previous, remove with a confirmation', async ({ context, page }) => {
	await signIn(page, demo.inspector);
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await startInspection(page, 'bat trang', /Xã Bát Tràng/);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /Xã Bát Tràng/ })).toBeVisible();
	await page.getByRole('link', { name: /^C\./ }).click();
	await choose(page, 'C2', 'Không đạt');
	await page
		.getByLabel('Chọn từ thư viện ảnh C2', { exact: true })
		.setInputFiles(['static/icons/icon-512.png', 'static/icons/maskable-512.png']);
	const slot = page.locator('article[data-item="C2"]');
	await expect(slot.getByTestId('photo-count')).toHaveText('2 ảnh');

	await slot.getByTestId('photo-thumb').first().click();
	const viewer = page.getByTestId('photo-viewer');
	const stage = viewer.getByTestId('viewer-stage');
	await expect(viewer.getByTestId('viewer-position')).toContainText('Ảnh 1/2');

	// A pinch: two fingers moving apart zoom in.
	const box = (await stage.boundingBox())!;
	const cx = box.x + box.width / 2;
	const cy = box.y + box.height / 2;
	const cdp = await context.newCDPSession(page);
	const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', d: number) =>
		cdp.send('Input.dispatchTouchEvent', {
			type,
			touchPoints:
				type === 'touchEnd'
					? []
					: [
							{ x: cx - d, y: cy, id: 1 },
							{ x: cx + d, y: cy, id: 2 }
						]
		});
	await touch('touchStart', 20);
	for (const d of [40, 60, 80]) await touch('touchMove', d);
	await touch('touchEnd', 80);
	await expect.poll(async () => Number(await stage.getAttribute('data-scale'))).toBeGreaterThan(2);

	// Back to the whole picture, then a double tap zooms in again.
	await viewer.getByRole('button', { name: 'Vừa khung' }).click();
	await expect(stage).toHaveAttribute('data-scale', '1');
	await stage.dblclick();
	await expect(stage).toHaveAttribute('data-scale', '2.5');

	await viewer.getByTestId('viewer-next').click();
	await expect(viewer.getByTestId('viewer-position')).toContainText('Ảnh 2/2');
	await expect(stage).toHaveAttribute('data-scale', '1');
	await page.keyboard.press('ArrowLeft');
	await expect(viewer.getByTestId('viewer-position')).toContainText('Ảnh 1/2');

	// Remove: "Giữ lại" keeps it; confirming removes it, queued for the server.
	await viewer.getByTestId('remove-photo').click();
	await viewer.getByRole('button', { name: 'Giữ lại' }).click();
	await expect(viewer.getByTestId('viewer-position')).toContainText('Ảnh 1/2');
	await viewer.getByTestId('remove-photo').click();
	await viewer.getByTestId('confirm-remove-photo').click();
	await expect(viewer.getByTestId('viewer-position')).toContainText('Ảnh 1/1');
	await viewer.getByTestId('viewer-close').click();
	await expect(slot.getByTestId('photo-count')).toHaveText('1 ảnh');
	const names = (await readStore<RawOutboxEntry>(page, 'outbox')).map((e) => e.mutation.name);
	expect(names.filter((n) => n === 'removePhoto')).toHaveLength(1);
});
