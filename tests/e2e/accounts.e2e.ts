/**
 * Identity on the device: the app resumes offline as the last user, refuses to sign out while
 * work is unsynced, and two users of one phone never see each other's records.
 */
import { expect, test } from '@playwright/test';
import { demo, readStore, signIn, startInspection, waitForServiceWorker } from './helpers';

test('reopening the app offline resumes as the last user', async ({ context, page }) => {
	await signIn(page, demo.inspector);
	await waitForServiceWorker(page);
	await page.close();
	await context.setOffline(true);
	const again = await context.newPage();
	await again.goto('/');
	await expect(again.getByRole('heading', { level: 1, name: 'Kiểm tra đột xuất Bộ phận Một cửa' })).toBeVisible();
	await expect(again.getByText('Nguyễn Văn An')).toBeVisible();
	await expect(again).toHaveURL(/\/$/);
});

test('sign-out is refused, with the count, while work is unsynced; allowed once synced', async ({ context, page }) => {
	await signIn(page, demo.inspector);
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await startInspection(page, 'cua nam', /Phường Cửa Nam/);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Phường Cửa Nam' })).toBeVisible();

	await page.getByLabel('Tài khoản').click();
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page.getByRole('alert')).toContainText('Còn 1 thay đổi chưa đồng bộ');
	await expect(page.getByText('Nguyễn Văn An')).toBeVisible();

	await context.setOffline(false);
	await page.getByRole('link', { name: 'Kiểm tra Một cửa' }).click();
	await expect(page.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 0', { timeout: 30_000 });
	await page.getByLabel('Tài khoản').click();
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page).toHaveURL(/\/login$/);
});

test('two users on one device never see each other’s records', async ({ page }) => {
	await signIn(page, demo.inspector);
	await startInspection(page, 'tay ho', /Phường Tây Hồ/);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Phường Tây Hồ' })).toBeVisible();
	const firstUsersRecord = page.url().split('/').pop()!;
	await page.getByRole('link', { name: 'Kiểm tra Một cửa' }).click();
	await expect(page.locator(`[data-inspection-id="${firstUsersRecord}"]`)).toBeVisible();
	await expect(page.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 0', { timeout: 30_000 });
	await page.getByLabel('Tài khoản').click();
	await page.getByRole('button', { name: 'Đăng xuất' }).click();

	// The second user may have records of their own (other specs of the run give them some): the
	// first user's record must be neither on their list nor in their database on this device.
	await signIn(page, demo.inspector2);
	await expect(page.getByText('Lê Minh Châu')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Cuộc kiểm tra trên máy này' })).toBeVisible();
	await expect(page.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 0', { timeout: 30_000 });
	await expect(page.locator(`[data-inspection-id="${firstUsersRecord}"]`)).toHaveCount(0);
	const own = await readStore<{ id: string }>(page, 'inspections');
	expect(own.map((row) => row.id)).not.toContain(firstUsersRecord);
});

test('an expired session on reconnect asks for the password and keeps the outbox', async ({ context, page }) => {
	await signIn(page, demo.inspector);
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await startInspection(page, 'giang vo', /Phường Giảng Võ/);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Phường Giảng Võ' })).toBeVisible();

	// While offline the server forgot this device (session expired, cookie gone).
	await context.clearCookies();
	await context.setOffline(false);
	await expect(page.getByRole('heading', { name: 'Phiên đăng nhập đã hết hạn' })).toBeVisible({ timeout: 30_000 });
	expect(await readStore(page, 'outbox')).toHaveLength(1);

	await page.getByLabel('Mật khẩu').fill(demo.inspector.password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 0', { timeout: 30_000 });
	expect(await readStore(page, 'outbox')).toEqual([]);
	await expect(page.getByRole('link', { name: /Phường Giảng Võ/ })).toBeVisible();
});

test('a user changes their password and signs in with the new one', async ({ page }) => {
	const fresh = 'mat-khau-moi-2026';
	const change = async (from: string, to: string) => {
		await page.getByLabel('Tài khoản').click();
		await page.getByRole('link', { name: 'Đổi mật khẩu' }).click();
		await page.getByLabel('Mật khẩu hiện tại').fill(from);
		await page.getByLabel('Mật khẩu mới (ít nhất 12 ký tự)').fill(to);
		await page.getByLabel('Nhập lại mật khẩu mới').fill(to);
		await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Đã đổi mật khẩu.' })).toBeVisible();
	};
	await signIn(page, demo.inspector2);
	await change(demo.inspector2.password, fresh);
	await page.getByLabel('Tài khoản').click();
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await page.getByLabel('Tên đăng nhập').fill(demo.inspector2.username);
	await page.getByLabel('Mật khẩu').fill(demo.inspector2.password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('alert')).toContainText('Sai tên đăng nhập hoặc mật khẩu');
	await signIn(page, { username: demo.inspector2.username, password: fresh });
	await change(fresh, demo.inspector2.password);
});
