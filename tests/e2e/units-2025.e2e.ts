/**
 * The unit model of 2025 in a real browser (issue 15, must-show 7; docs/units.md): the province's
 * admin adds two reception points to a commune; the inspector's device fetches the directory,
 * and with no network starts a visit there choosing the second point; the record names it, and
 * the server takes it when the device syncs.
 */
import { expect, test } from '@playwright/test';
import { demo, readStore, signIn, startInspection, waitForServiceWorker } from './helpers';

/** Xã Đông Anh (Hà Nội, official code 454): no other browser test uses it (the server's database is shared). */
const DONG_ANH = '454';
const first = 'Điểm tiếp nhận trụ sở UBND';
const second = 'Điểm tiếp nhận số 2 – Nhà văn hoá';

test('an admin adds a reception point; the inspector chooses it offline and the record prints it', async ({ browser, page }) => {
	await signIn(page, demo.admin);
	await page.goto('/admin/units');
	await expect(page.getByRole('heading', { name: 'Trung tâm Phục vụ hành chính công' })).toBeVisible();
	// The province's own centre is there from the official list, under a code no commune has.
	await expect(page.getByTestId('centre-row').first()).toContainText('Trung tâm Phục vụ hành chính công thành phố Hà Nội');
	await expect(page.getByTestId('centre-row').first()).toContainText('900100');

	await page.getByLabel('Đơn vị', { exact: true }).selectOption(DONG_ANH);
	await expect(page.getByText('Đơn vị này chưa có điểm tiếp nhận nào.')).toBeVisible();
	for (const name of [first, second]) {
		await page.getByLabel('Tên điểm tiếp nhận').fill(name);
		await page.getByRole('button', { name: 'Thêm điểm tiếp nhận' }).click();
		await expect(page.getByTestId('reception-point-row').filter({ hasText: name })).toBeVisible();
	}

	// A unit account may stand for the provincial centre: the account form offers it above the communes.
	await page.goto('/admin/users');
	await page.getByRole('button', { name: '+ Tạo tài khoản mới' }).click();
	const form = page.getByRole('form', { name: 'Tạo tài khoản' });
	await form.getByLabel('Vai trò', { exact: true }).selectOption('ward');
	await form.getByRole('button', { name: 'Trung tâm Phục vụ hành chính công thành phố Hà Nội' }).click();
	await expect(form.getByTestId('chosen-commune')).toHaveText('Trung tâm Phục vụ hành chính công thành phố Hà Nội (900100)');

	// The inspector, on their own phone: online once, so the device keeps the directory.
	const phone = await browser.newContext();
	const inspector = await phone.newPage();
	await signIn(inspector, demo.inspector);
	await waitForServiceWorker(inspector);
	await expect
		.poll(async () => {
			const meta = await readStore<{ key: string; value: { receptionPoints: { name: string }[] } }>(inspector, 'meta');
			return meta.find((r) => r.key === 'unitDirectory')?.value.receptionPoints.map((p) => p.name) ?? [];
		})
		.toEqual(expect.arrayContaining([first, second]));

	await phone.setOffline(true);
	await startInspection(inspector, 'dong anh', /Xã Đông Anh/);
	await expect(inspector.getByTestId('commune-centre')).toContainText('Trung tâm Phục vụ hành chính công xã Đông Anh');
	// Two points, by name: the inspector must choose one before the visit can start.
	const point = inspector.getByLabel('Điểm tiếp nhận', { exact: true });
	await expect(point.locator('option')).toHaveText(['— Chọn điểm tiếp nhận —', second, first]);
	await inspector.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(inspector).toHaveURL(/\/inspections\/new$/);
	// Nothing was started (the device may hold other records of this inspector, pulled from the server).
	const started = await readStore<{ unit: { code: number } }>(inspector, 'inspections');
	expect(started.filter((i) => i.unit.code === Number(DONG_ANH))).toEqual([]);
	await point.selectOption({ label: second });
	await inspector.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(inspector).toHaveURL(/\/inspections\/[0-9a-f-]{36}$/);
	const inspectionId = inspector.url().split('/').pop()!;

	await inspector.goto(`/inspections/${inspectionId}/record`);
	await expect(inspector.getByTestId('record-reception-point')).toHaveText(`Điểm tiếp nhận: ${second}.`);

	// Back online: the server takes the visit with its point (nothing refused), and its echo keeps it.
	await phone.setOffline(false);
	await inspector.goto('/');
	const panel = inspector.getByTestId('sync-panel');
	await panel.getByRole('button', { name: 'Đồng bộ ngay' }).click();
	await expect(panel.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 0', { timeout: 30_000 });
	const outbox = await readStore<{ state: string }>(inspector, 'outbox');
	expect(outbox.filter((e) => e.state === 'rejected')).toEqual([]);
	await inspector.goto(`/inspections/${inspectionId}/record`);
	await expect(inspector.getByTestId('record-reception-point')).toHaveText(`Điểm tiếp nhận: ${second}.`);
	await phone.close();
});
