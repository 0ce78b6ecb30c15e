/**
 * The admin screens in a real browser against the built app: an account created on the page
 * works for signing in, a commune is switched on from the official list, and the audit trail
 * shows what happened and verifies as intact.
 */
import { expect, test } from '@playwright/test';
import { demo, showAuditRowsUntil, signIn } from './helpers';

const password = 'mat-khau-ban-dau-2025';

async function signOut(page: import('@playwright/test').Page) {
	await page.getByLabel('Tài khoản', { exact: true }).click();
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page).toHaveURL(/\/login$/);
}

test('the admin creates an inspector account on the page, and the inspector signs in with it', async ({ page }) => {
	const username = `kiemtra.${Date.now().toString(36)}`;
	await signIn(page, demo.admin);
	await page.goto('/admin');
	// The demo accounts still have their public passwords: every admin page says so.
	await expect(page.getByTestId('demo-password-warning')).toContainText('admin');
	// The photo storage the server uses, and the limits in force.
	const storage = page.getByTestId('storage-summary');
	await expect(storage.getByRole('heading', { name: 'Dung lượng ảnh trên máy chủ' })).toBeVisible();
	await expect(storage).toContainText('tệp ảnh và chữ ký');
	await expect(storage).toContainText('300 ảnh');
	await page.getByRole('link', { name: /^Tài khoản/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Tài khoản' })).toBeVisible();
	await expect(page.getByTestId('user-row').filter({ hasText: 'giamsat' })).toContainText('Lãnh đạo, giám sát');

	await page.getByRole('button', { name: '+ Tạo tài khoản mới' }).click();
	const form = page.getByRole('form', { name: 'Tạo tài khoản' });
	await form.getByLabel('Tên đăng nhập', { exact: true }).fill(username);
	await form.getByLabel('Họ và tên', { exact: true }).fill('Phan Thị Hoa');
	await form.getByLabel('Vai trò', { exact: true }).selectOption('inspector');
	await expect(form.getByText('Thành phố Hà Nội')).toBeVisible();
	await form.getByLabel('Mật khẩu ban đầu').fill(password);
	await form.getByRole('button', { name: 'Tạo tài khoản', exact: true }).click();

	const row = page.getByTestId('user-row').filter({ hasText: username });
	await expect(row).toContainText('Phan Thị Hoa');
	await expect(row).toContainText('Cán bộ kiểm tra');
	await expect(row).toContainText('Thành phố Hà Nội');
	await expect(row).toContainText('Đang hoạt động');
	await expect(row).toContainText('Phải đổi mật khẩu');

	await signOut(page);
	// The password an admin typed only lets the person choose their own (the server refuses the rest).
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page).toHaveURL(/\/account\/password\?required=1$/);
	await expect(page.getByRole('note')).toContainText('mật khẩu do quản trị viên đặt');
	await page.getByLabel('Mật khẩu hiện tại').fill(password);
	await page.getByLabel('Mật khẩu mới (ít nhất 12 ký tự)').fill('mat-khau-rieng-cua-hoa-2026');
	await page.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-rieng-cua-hoa-2026');
	await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Kiểm tra đột xuất Bộ phận Một cửa' })).toBeVisible();
	await expect(page.getByText('Phan Thị Hoa')).toBeVisible();
});

test('the admin switches on a commune found by typing without diacritics', async ({ page }) => {
	await signIn(page, demo.admin);
	await page.goto('/admin/units');
	await expect(page.getByRole('heading', { level: 2, name: 'Thành phố Hà Nội' })).toBeVisible();
	await expect(page.getByTestId('unit-count')).toHaveText(/Đang dùng 0 \/ 126/);

	await page.getByLabel('Tìm xã, phường').fill('hoan kiem');
	await expect(page.getByTestId('unit-row')).toHaveCount(1);
	const toggle = page.getByRole('switch', { name: 'Kích hoạt: Phường Hoàn Kiếm' });
	await expect(toggle).toHaveAttribute('aria-checked', 'false');
	await toggle.click();
	await expect(toggle).toHaveAttribute('aria-checked', 'true');
	await expect(page.getByTestId('unit-count')).toHaveText(/Đang dùng 1 \/ 126/);

	// The server kept it: a fresh load shows it switched on.
	await page.reload();
	await page.getByLabel('Hiển thị').selectOption('active');
	await expect(page.getByTestId('unit-row')).toHaveCount(1);
	await expect(page.getByTestId('unit-row')).toContainText('Phường Hoàn Kiếm');
});

test('the admin reads the audit trail and sees the chain verified', async ({ page }) => {
	await signIn(page, demo.admin);
	await page.goto('/admin');
	await page.getByRole('link', { name: /^Nhật ký kiểm toán/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Nhật ký kiểm toán' })).toBeVisible();

	// Newest first: the admin's own sign-in a moment ago is among the first rows. Other specs
	// sign in on the same server at the same time, so theirs may be above it.
	const ownSignIn = page.getByTestId('audit-row').filter({ hasText: 'Đăng nhập' }).filter({ hasText: 'Quản trị hệ thống (admin)' });
	await showAuditRowsUntil(page, ownSignIn);
	await expect(ownSignIn.first()).toBeVisible();
	const creation = page.getByTestId('audit-row').filter({ hasText: 'Tạo tài khoản' });
	await showAuditRowsUntil(page, creation);
	await expect(creation.first()).toBeVisible();

	await page.getByRole('button', { name: 'Kiểm tra tính toàn vẹn' }).click();
	await expect(page.getByTestId('chain-result')).toContainText(/Nhật ký nguyên vẹn: \d+ mục đã được kiểm tra/);
});
