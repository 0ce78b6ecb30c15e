/**
 * Proof of presence, end to end: an inspector whose phone is in Thành phố Hồ Chí Minh starts and
 * signs a visit to a Hà Nội ward; the admin has set the ward's location; the supervisor's review
 * screen warns that the visit started far from the unit, and approving stays possible.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { choose, demo, markRestNotApplicable, readStore, signBoth, signIn, startInspection, syncRound } from './helpers';

/** Phường Hồng Hà: no other browser test records there. */
const UNIT = /Phường Hồng Hà/;
const SAIGON = { latitude: 10.7769, longitude: 106.7009, accuracy: 20 };

async function device(browser: Browser, account: { username: string; password: string }, where?: typeof SAIGON): Promise<Page> {
	const context = await browser.newContext(where ? { permissions: ['geolocation'], geolocation: where } : {});
	context.setDefaultTimeout(30_000);
	const page = await context.newPage();
	page.on('dialog', (d) => void d.accept());
	await signIn(page, account);
	return page;
}

test('a visit started far from its unit is flagged to the supervisor, not blocked', async ({ browser }) => {
	test.setTimeout(180_000);
	const inspector = await device(browser, demo.inspector, SAIGON);
	await startInspection(inspector, 'hong ha', UNIT);
	await inspector.getByRole('button', { name: 'Lấy vị trí GPS' }).click();
	await expect(inspector.getByTestId('position')).toContainText('10.77690, 106.70090');
	await inspector.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(inspector.getByRole('heading', { level: 1, name: UNIT })).toBeVisible();
	const inspectionId = inspector.url().split('/').pop()!;
	// This account's records from earlier specs are pulled too: take this visit's.
	const record = (await readStore<{ id: string; unit: { code: number } }>(inspector, 'inspections')).find((r) => r.id === inspectionId);
	await inspector.getByRole('link', { name: /^A\./ }).click();
	await choose(inspector, 'A3', 'Đạt');
	await markRestNotApplicable(inspector, inspectionId);
	await signBoth(inspector, inspectionId);
	// Each signature kept where it was given.
	const signatures = await readStore<{ role: string; position?: { lat: number } }>(inspector, 'signatures');
	expect(signatures.map((s) => s.position?.lat)).toEqual([SAIGON.latitude, SAIGON.latitude]);
	await inspector.getByRole('button', { name: 'Hoàn thành biên bản' }).click();
	await expect(inspector.getByRole('heading', { level: 1, name: 'Kiểm tra đột xuất Bộ phận Một cửa' })).toBeVisible();
	await syncRound(inspector);

	const admin = await device(browser, demo.admin);
	const origin = new URL(admin.url()).origin;
	const set = await admin.request.put(`/api/admin/unit-locations/${record!.unit.code}`, {
		headers: { origin },
		data: { location: { lat: 21.0285, lng: 105.8542 } }
	});
	expect(set.status()).toBe(200);

	const supervisor = await device(browser, demo.supervisor);
	await syncRound(supervisor);
	await supervisor.goto(`/supervisor/review/${inspectionId}`);
	const warnings = supervisor.getByTestId('presence-warnings');
	await expect(warnings.locator('[data-flag="started_far"]')).toContainText('Bắt đầu cách đơn vị khoảng');
	await expect(warnings.locator('[data-flag="signed_far"]')).toHaveCount(2);
	await expect(supervisor.getByRole('button', { name: 'Duyệt và công bố cho đơn vị' })).toBeEnabled();
});
