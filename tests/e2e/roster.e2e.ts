/**
 * The counter roster in a real browser (issue 16, must-show 8; docs/roster.md): the ward of
 * Phường Hoàn Kiếm adds an officer to its roster; the inspector's phone keeps the roster when it
 * chooses the unit, and with no network picks that officer on the visit screen (search without
 * diacritics) and still adds someone not on the list; once synced, the server holds the officer
 * with the roster entry's id; the province's admin marks the officer gone from the units screen.
 */
import { expect, test } from '@playwright/test';
import { demo, readStore, signIn, startInspection, waitForServiceWorker } from './helpers';

/** A name no other browser test uses (the server's database is shared across specs). */
const officerName = `Vũ Thị Quầy ${Date.now() % 100_000}`;

test('a ward adds an officer to its roster; the inspector offline picks them', async ({ browser, page }) => {
	await signIn(page, demo.ward);
	await page.getByTestId('ward-roster-link').click();
	await expect(page.getByRole('heading', { level: 1, name: 'Cán bộ làm việc tại bộ phận một cửa' })).toBeVisible();
	await page.getByLabel('Họ tên công chức').fill(officerName);
	await page.getByLabel('Chức vụ').fill('Công chức tư pháp - hộ tịch');
	await page.getByLabel('Lĩnh vực').fill('Hộ tịch');
	await page.getByRole('button', { name: '+ Thêm cán bộ' }).click();
	await expect(page.getByTestId('roster-list').getByRole('listitem').filter({ hasText: officerName })).toBeVisible();

	// The inspector's phone: online while choosing the unit, so it keeps the unit's roster.
	const phone = await browser.newContext();
	const inspector = await phone.newPage();
	await signIn(inspector, demo.inspector);
	await waitForServiceWorker(inspector);
	await startInspection(inspector, 'hoan kiem', /Phường Hoàn Kiếm/);
	await expect
		.poll(async () => {
			const meta = await readStore<{ key: string; value: { officers: { name: string }[] } }>(inspector, 'meta');
			return meta.find((r) => r.key === 'roster:70')?.value.officers.map((o) => o.name) ?? [];
		})
		.toContain(officerName);

	await phone.setOffline(true);
	await inspector.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(inspector).toHaveURL(/\/inspections\/[0-9a-f-]{36}$/);
	const inspectionId = inspector.url().split('/').pop()!;

	const picker = inspector.getByTestId('roster-picker');
	await picker.getByLabel(/Chọn từ danh sách cán bộ một cửa/).fill('vu thi quay');
	await picker.getByRole('button', { name: `Chọn ${officerName}` }).click();
	await expect(inspector.locator('ul.officers').first().getByRole('listitem').filter({ hasText: officerName })).toBeVisible();
	// Picked once, not offered again; someone not on the list is still typed in.
	await expect(picker.getByRole('button', { name: `Chọn ${officerName}` })).toHaveCount(0);
	await inspector.getByLabel('Họ tên công chức').fill('Người chưa có trong danh sách');
	await inspector.getByRole('button', { name: '+ Thêm công chức' }).click();

	const officers = await readStore<{ inspectionId: string; name: string; rosterId?: string }>(inspector, 'officers');
	const ours = officers.filter((o) => o.inspectionId === inspectionId);
	expect(ours.find((o) => o.name === officerName)?.rosterId).toMatch(/^[0-9a-f-]{36}$/);
	expect(ours.find((o) => o.name === 'Người chưa có trong danh sách')?.rosterId).toBeUndefined();

	// Back online: the server takes both officers (nothing refused).
	await phone.setOffline(false);
	await inspector.goto('/');
	const panel = inspector.getByTestId('sync-panel');
	await panel.getByRole('button', { name: 'Đồng bộ ngay' }).click();
	await expect(panel.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 0', { timeout: 30_000 });
	const outbox = await readStore<{ state: string }>(inspector, 'outbox');
	expect(outbox.filter((e) => e.state === 'rejected')).toEqual([]);
	await phone.close();

	// The province's admin keeps the same roster from the units screen: the officer leaves the counter.
	const office = await browser.newContext();
	const admin = await office.newPage();
	await signIn(admin, demo.admin);
	await admin.goto('/admin/units');
	await admin.getByLabel('Đơn vị cần xem danh sách cán bộ một cửa').selectOption('70');
	await admin.getByRole('button', { name: 'Danh sách cán bộ một cửa' }).click();
	const row = admin.getByTestId('roster-list').getByRole('listitem').filter({ hasText: officerName });
	await row.getByRole('button', { name: 'Thôi làm việc' }).click();
	await expect(row).toContainText('đã thôi làm việc tại quầy');
	await office.close();
});
