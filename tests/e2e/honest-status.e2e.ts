/**
 * Issue 20, must-show 4: honest status. The browser stays "online" the whole time (as on a hall's
 * Wi-Fi with no internet behind it) while the server's answers are replaced, by route interception,
 * with a captive portal's sign-in page: the badge says offline and a toast says why; when the server
 * answers again the badge turns online by itself (the back-off check) and the toast goes. Work done
 * meanwhile syncs, and the audit log then names it in words. The 404 page speaks Vietnamese.
 */
import { expect, test, type Page } from '@playwright/test';
import { demo, showAuditRowsUntil, signIn, startInspection } from './helpers';

/** A Wi-Fi sign-in page answering every request to the server: status 200, but not the server. */
const portal = (page: Page) =>
	page.route('**/api/**', (route) =>
		route.fulfill({ status: 200, contentType: 'text/html', body: '<html><body>Wi-Fi login</body></html>' })
	);

test('online means the server answered: a Wi-Fi with no internet shows offline, then online again by itself', async ({ page }) => {
	await signIn(page, demo.inspector);
	const badge = page.getByTestId('connection');
	await expect(badge).toContainText('Có mạng');

	await portal(page);
	// The phone joins the hall's Wi-Fi: the browser says "online", the app checks the server.
	await page.evaluate(() => dispatchEvent(new Event('online')));
	await expect(badge).toContainText('Ngoại tuyến');
	expect(await page.evaluate(() => navigator.onLine)).toBe(true);
	const toast = page.getByRole('status').filter({ hasText: 'Không kết nối được máy chủ' });
	await expect(toast).toBeVisible();
	await expect(page.getByTestId('sync-online')).toContainText('Không có mạng');

	// Work goes on meanwhile and waits on the phone.
	await startInspection(page, 'cua nam', /Phường Cửa Nam/);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Phường Cửa Nam' })).toBeVisible();
	await expect(badge).toContainText('Ngoại tuyến');

	// The internet comes back: no event from the browser, the back-off check finds the server.
	await page.unrouteAll({ behavior: 'wait' });
	await expect(badge).toContainText('Có mạng', { timeout: 20_000 });
	await expect(toast).toBeHidden();
	await page.getByRole('link', { name: 'Kiểm tra Một cửa' }).click();
	await expect(page.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 0', { timeout: 20_000 });
});

test('the 404 page is Vietnamese, with the way home', async ({ page }) => {
	await signIn(page, demo.inspector);
	await page.goto('/khong-co-trang-nay');
	await expect(page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' })).toBeVisible();
	await expect(page.getByTestId('error-page')).toContainText('Mã lỗi: 404');
	await expect(page.getByTestId('error-page')).not.toContainText('Not Found');
	await page.getByRole('link', { name: 'Về trang đầu' }).last().click();
	await expect(page).toHaveURL(/\/$/);
});

test('signing out while a sync round runs ends it quietly: no error on the sign-in page, and the next account syncs', async ({ page }) => {
	await signIn(page, demo.inspector);
	await expect(page.getByTestId('sync-last')).not.toContainText('—', { timeout: 20_000 });
	// Every alert shown from here on is written down, so one that comes and goes is caught too
	// (the page is not reloaded again: sign-out and sign-in are navigations within the app).
	await page.evaluate(() => {
		const seen: string[] = [];
		Object.assign(window, { alertsSeen: seen });
		new MutationObserver(() => {
			for (const el of document.querySelectorAll('[role="alert"]'))
				if (!seen.includes(el.textContent ?? '')) seen.push(el.textContent ?? '');
		}).observe(document.body, { subtree: true, childList: true, characterData: true });
	});
	// The next pull reaches the server, but its answer is held until the person has signed out:
	// the round then meets the database that sign-out closed (seen once in a full run, where it
	// showed "Đồng bộ gặp lỗi không xác định" beside the wrong-password message).
	let release = () => {};
	const held = new Promise<void>((resolve) => (release = resolve));
	let pulled = () => {};
	const pulledNow = new Promise<void>((resolve) => (pulled = resolve));
	let holding = true;
	await page.route('**/api/sync/pull**', async (route) => {
		if (!holding) return route.continue();
		holding = false;
		const response = await route.fetch();
		pulled();
		await held;
		await route.fulfill({ response });
	});
	await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
	await pulledNow;
	await page.getByLabel('Tài khoản').click();
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page).toHaveURL(/\/login/);
	const answered = page.waitForEvent('requestfinished', (request) => request.url().includes('/api/sync/pull'));
	release();
	await answered;

	// Someone signs in again at once: their first round runs (it waits for the held one to end,
	// so its pull shows that one is over) and nothing was said in between.
	const nextPull = page.waitForEvent('requestfinished', (request) => request.url().includes('/api/sync/pull'));
	await page.getByLabel('Tên đăng nhập').fill(demo.inspector.username);
	await page.getByLabel('Mật khẩu').fill(demo.inspector.password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page).toHaveURL(/\/$/);
	await nextPull;
	expect(await page.evaluate(() => (window as unknown as { alertsSeen: string[] }).alertsSeen)).toEqual([]);
	await expect(page.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 0');
});

test('the audit log speaks in words: actions, synced changes, facts and their values', async ({ page }) => {
	await signIn(page, demo.admin);
	await page.goto('/admin/audit');
	const rows = page.getByTestId('audit-row');
	await expect(rows.first()).toBeVisible();
	// The demo accounts' creation: a role and a yes/no among the facts, in words. In a full run
	// other specs' entries come after it, so older pages are loaded until it is listed.
	// The account's creation, not a later entry about it (another spec changes its password).
	const accountRow = rows.filter({ hasText: 'Tạo tài khoản' }).filter({ hasText: 'tài khoản: kiemtra2' });
	await showAuditRowsUntil(page, accountRow);
	await expect(accountRow.first()).toContainText('vai trò: Cán bộ kiểm tra');
	await expect(accountRow.first()).toContainText('dữ liệu mẫu: có');
	// The record the first test created while "offline", synced once the server answered (tests of a file run in order).
	await expect(rows.filter({ hasText: 'Đồng bộ: Tạo biên bản kiểm tra' }).first()).toContainText('thiết bị:');
	const text = (await rows.allTextContents()).join('\n');
	for (const raw of ['mutation:', 'createInspection', 'user_created', 'inspector', 'true', 'clientId', 'mutationId', 'inspectionId'])
		expect(text).not.toContain(raw);
});

test('Android: the captured install prompt is offered on a discreet banner, and "not now" is remembered', async ({ page }) => {
	await signIn(page, demo.inspector);
	// Chromium fires this when the app is installable; here it is fired as the browser would, with its prompt.
	await page.evaluate(() => {
		const event = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
			prompt: () => Promise.resolve(),
			userChoice: Promise.resolve({ outcome: 'dismissed' as const })
		});
		dispatchEvent(event);
	});
	const offer = page.getByTestId('install-offer');
	await expect(offer.getByRole('button', { name: 'Cài đặt ứng dụng' })).toBeVisible();
	await offer.getByRole('button', { name: 'Để sau' }).click();
	await expect(offer).toBeHidden();
	await page.reload();
	await page.evaluate(() => dispatchEvent(new Event('beforeinstallprompt', { cancelable: true })));
	await expect(page.getByTestId('storage-card')).toBeVisible();
	await expect(offer).toBeHidden();
});

test.describe('on an iPhone', () => {
	test.use({
		userAgent:
			'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
	});

	test('Safari not installed shows the "Thêm vào MH chính" guide, with why and the share icon', async ({ page }) => {
		await signIn(page, demo.inspector);
		const guide = page.getByTestId('ios-install-guide');
		await expect(guide).toContainText('sau 7 ngày không mở ứng dụng');
		await expect(guide.getByRole('img', { name: /biểu tượng Chia sẻ/ })).toBeVisible();
		await expect(guide).toContainText('Thêm vào MH chính');
		await guide.getByRole('button', { name: 'Đã hiểu' }).click();
		await expect(guide).toBeHidden();
	});
});
