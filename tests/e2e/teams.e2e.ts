/**
 * Teams (issue 16, must-show 3), end to end: the supervisor picks a draw's team from the
 * province's accounts with their roles (trưởng đoàn, thư ký) and every drawn visit carries it
 * with the accounts' names; on a visit, each team member signs their own block on the sign page,
 * and the printed record lists the team by role with one signed block per member.
 */
import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addOfficer, choose, demo, drawOn, markRestNotApplicable, signBoth, signIn, startInspection } from './helpers';

async function device(browser: Browser, account: { username: string; password: string }): Promise<Page> {
	const context = await browser.newContext();
	context.setDefaultTimeout(30_000);
	const page = await context.newPage();
	page.on('dialog', (d) => void d.accept());
	await signIn(page, account);
	return page;
}

test('the supervisor picks the team from the province’s accounts; every drawn visit carries it', async ({ browser }) => {
	test.setTimeout(180_000);
	// Two fresh inspectors of the demo province, so no other spec's account is put on a visit.
	const admin = await device(browser, demo.admin);
	const origin = new URL(admin.url()).origin;
	const tag = randomUUID().slice(0, 6);
	const names = { leader: `Trưởng đoàn Thử ${tag}`, secretary: `Thư ký Thử ${tag}` };
	const ids: Record<string, string> = {};
	for (const [key, displayName] of Object.entries(names)) {
		const created = await admin.request.post('/api/admin/users', {
			headers: { origin },
			data: {
				username: `doan.${key}.${tag}`,
				displayName,
				role: 'inspector',
				provinceCode: 1,
				unitCode: null,
				password: `mat-khau-${tag}-doan`
			}
		});
		expect(created.status()).toBe(201);
		ids[key] = ((await created.json()) as { user: { id: string } }).user.id;
	}

	const page = await device(browser, demo.supervisor);
	await page.goto('/supervisor/plans');
	const form = page.locator('form');
	const title = `Kiểm tra đột xuất — đoàn thử ${tag}`;
	await form.getByLabel('Tên kế hoạch').fill(title);
	await form.getByLabel('Số quyết định').fill(`${tag}/QĐ-UBND`);
	await form.getByLabel('Ngày quyết định').fill('2026-12-01');
	await form.getByLabel('Người ký').fill('Chủ tịch UBND Thành phố');
	await form.getByLabel('Từ ngày').fill('2026-12-07');
	await form.getByLabel('Đến ngày').fill('2026-12-31');
	await form.getByRole('button', { name: 'Lập kế hoạch' }).click();
	await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();

	await page.getByLabel('Số đơn vị cần kiểm tra').fill('1');
	await page.getByRole('button', { name: 'Cam kết hạt giống' }).click();
	const picker = page.getByTestId('team-picker');
	await expect(picker.getByLabel(`Vai trò của ${names.leader}`)).toBeVisible();
	// Nobody chosen yet: the draw cannot go.
	await expect(picker.getByTestId('team-problem')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Bốc thăm', exact: true })).toBeDisabled();
	await picker.getByLabel(`Vai trò của ${names.secretary}`).selectOption('thu_ky');
	await expect(picker.getByTestId('team-problem')).toHaveText('Đoàn kiểm tra cần đúng một trưởng đoàn');
	await picker.getByLabel(`Vai trò của ${names.leader}`).selectOption('truong_doan');
	await expect(picker.getByTestId('team-problem')).toHaveCount(0);
	await page.getByRole('button', { name: 'Bốc thăm', exact: true }).click();
	await expect(page.getByText('Đơn vị được chọn')).toBeVisible();

	const visits = (await (await page.request.get('/api/plans/inspections')).json()) as {
		plans: { id: string; team: { userId: string; name: string; role: string }[]; basis: string }[];
	};
	const drawn = visits.plans.filter((p) => p.basis.includes(`${tag}/QĐ-UBND`));
	expect(drawn).toHaveLength(1);
	expect(drawn[0]!.team).toEqual([
		{ userId: ids.leader, name: names.leader, role: 'truong_doan' },
		{ userId: ids.secretary, name: names.secretary, role: 'thu_ky' }
	]);
});

test('each team member signs their own block, and the paper prints every member’s signature', async ({ browser }) => {
	test.setTimeout(180_000);
	const page = await device(browser, demo.inspector);
	// A commune no other browser test records at.
	await startInspection(page, 'cau giay', /Phường Cầu Giấy/, 'Nguyễn Văn An');
	const team = page.getByRole('group', { name: 'Thành phần đoàn kiểm tra' });
	await team.getByRole('button', { name: '+ Thêm người' }).click();
	await team.getByLabel('Họ và tên (2)').fill('Hoàng Văn Em');
	await team.getByLabel('Vai trò (2)').selectOption('thanh_vien');
	await team.getByRole('button', { name: '+ Thêm người' }).click();
	await team.getByLabel('Họ và tên (3)').fill('Phạm Thị Dung');
	await team.getByLabel('Vai trò (3)').selectOption('thu_ky');
	await page.getByRole('group', { name: 'Đại diện đơn vị được kiểm tra' }).getByLabel('Họ và tên (1)').fill('Trần Thị Bình');
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await addOfficer(page, 'Lê Văn Cường');
	const inspectionId = page.url().split('/').pop()!;
	await page.goto(`/inspections/${inspectionId}/sections/A`);
	await choose(page, 'A3', 'Đạt');
	await markRestNotApplicable(page, inspectionId);

	await signBoth(page, inspectionId);
	for (const [role, name] of [
		['member:1', 'Hoàng Văn Em'],
		['member:2', 'Phạm Thị Dung']
	] as const) {
		const block = page.getByTestId(`signature-${role}`);
		// The member signs under the team's name for them, not a typed one.
		await expect(block.getByLabel('Họ tên người ký')).toHaveValue(name);
		await expect(block.getByLabel('Họ tên người ký')).not.toBeEditable();
		await expect(block.getByRole('button', { name: /từ chối/i })).toHaveCount(0);
		await drawOn(page, block.locator('canvas'));
		await block.getByRole('button', { name: 'Lưu chữ ký' }).click();
		await expect(block.getByRole('img')).toBeVisible();
	}
	await expect(page.getByTestId('signature-member:2').getByRole('heading')).toHaveText('Thư ký đoàn kiểm tra');
	await page.getByRole('button', { name: 'Hoàn thành biên bản' }).click();
	await expect(page).toHaveURL(/\/$/);

	await page.goto(`/inspections/${inspectionId}/record`);
	const record = page.locator('article.record');
	await expect(record.getByTestId('record-team-member')).toHaveCount(3);
	const members = await record.getByTestId('record-team-member').allInnerTexts();
	expect(members.map((m) => m.split(' — ').at(-1)?.trim())).toEqual(['Trưởng đoàn', 'Thành viên', 'Thư ký']);
	const blocks = record.getByTestId('record-signature-team');
	await expect(blocks).toHaveCount(2);
	await expect(blocks.nth(0)).toContainText('THÀNH VIÊN ĐOÀN KIỂM TRA');
	await expect(blocks.nth(0)).toContainText('Hoàng Văn Em');
	await expect(blocks.nth(1)).toContainText('THƯ KÝ ĐOÀN KIỂM TRA');
	await expect(blocks.nth(1)).toContainText('Phạm Thị Dung');
	for (const n of [0, 1]) await expect(blocks.nth(n).getByTestId('record-signature-image')).toBeVisible();
	await expect(record.getByTestId('record-signature-inspector').getByRole('img')).toBeVisible();
});
