/**
 * A full storage quota. Chromium's DevTools quota override only bites when a database is
 * created, not on writes to one that exists (tried: Storage.overrideQuotaForOrigin with 1 byte
 * still accepted 500 kB), so the error is simulated at the IndexedDB API: while the flag is on,
 * put/add throw the QuotaExceededError DOMException the browser raises, inside the app's real
 * Dexie transactions. The inspector sees the Vietnamese message and nothing saved before is lost.
 */
import { expect, test } from '@playwright/test';
import { choose, demo, signIn, startInspection, readStore, waitForServiceWorker, type RawOutboxEntry } from './helpers';

test.beforeEach(async ({ context }) => {
	await context.addInitScript(() => {
		const w = window as unknown as { __quotaFull?: boolean; __estimates?: number };
		// Counts the app's readings of the storage figures (it reads them again a second after a change).
		const estimate = navigator.storage.estimate.bind(navigator.storage);
		w.__estimates = 0;
		navigator.storage.estimate = () => {
			w.__estimates!++;
			return estimate();
		};
		for (const method of ['put', 'add'] as const) {
			// eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the store as `this`
			const original = IDBObjectStore.prototype[method];
			IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<typeof original>) {
				if (w.__quotaFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
				return original.apply(this, args);
			} as typeof original;
		}
	});
});

test('a quota error shows the Vietnamese message and keeps earlier data', async ({ context, page }) => {
	await signIn(page, demo.inspector);
	await waitForServiceWorker(page);
	// Offline, so the outbox keeps what was queued and the test can read it.
	await context.setOffline(true);
	await startInspection(page, 'kim lien', /Phường Kim Liên/);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await page.getByRole('link', { name: /^B\./ }).click();
	await choose(page, 'B1', 'Đạt');

	await page.evaluate(() => ((window as unknown as { __quotaFull: boolean }).__quotaFull = true));
	await page.getByRole('group', { name: 'B2', exact: true }).getByRole('button', { name: 'Không đạt' }).click();
	const alert = page.getByRole('alert');
	await expect(alert).toContainText('Bộ nhớ của trình duyệt đã đầy');
	await expect(alert).toContainText('Dữ liệu đã lưu trước đó vẫn an toàn');
	// And it stays once the storage figures are read again (a second after the refused write):
	// reading "not low" used to clear this message before the inspector could read it.
	const estimates = () => page.evaluate(() => (window as unknown as { __estimates: number }).__estimates);
	const readBefore = await estimates();
	await expect.poll(estimates).toBeGreaterThan(readBefore);
	await expect(alert).toContainText('Bộ nhớ của trình duyệt đã đầy');
	await alert.getByRole('button', { name: 'Đóng thông báo' }).click();

	// A photo: compressed, then refused with the same message.
	await page.getByLabel('Chọn từ thư viện ảnh B3').setInputFiles('static/icons/icon-512.png');
	await expect(alert).toContainText('Bộ nhớ của trình duyệt đã đầy');

	await page.reload();
	await expect(page.getByRole('group', { name: 'B1', exact: true }).getByRole('button', { name: 'Đạt', exact: true })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	await expect(page.getByRole('group', { name: 'B2', exact: true }).getByRole('button', { name: 'Không đạt' })).toHaveAttribute(
		'aria-pressed',
		'false'
	);
	const outbox = await readStore<RawOutboxEntry>(page, 'outbox');
	expect(outbox.map((e) => e.mutation.name)).toEqual(['createInspection', 'answerItem']);
	// This record's photos only: the account's other records (shared server) may have theirs.
	const inspectionId = (outbox[0]!.mutation.args as { id: string }).id;
	const photos = await readStore<{ inspectionId: string }>(page, 'photos');
	expect(photos.filter((p) => p.inspectionId === inspectionId)).toEqual([]);

	// With room again, the same action goes through.
	await choose(page, 'B2', 'Không đạt');
});
