/**
 * A ward account can reach neither supervisor pages nor planned inspections — in the UI and
 * through the API — while the assigned inspector does receive the plan.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { demo, readStore, signIn } from './helpers';

async function apiLogin(request: APIRequestContext, account: { username: string; password: string }) {
	const res = await request.post('/api/auth/login', { data: account });
	expect(res.ok()).toBe(true);
	return (await res.json()).user as { id: string };
}

test('a ward sees no supervisor page and no planned visit to its own commune', async ({ page, playwright, baseURL }) => {
	// A supervisor plans a surprise visit to Phường Hoàn Kiếm, the ward account's own commune.
	const inspectorApi = await playwright.request.newContext({ baseURL });
	const inspector = await apiLogin(inspectorApi, demo.inspector);
	const supervisorApi = await playwright.request.newContext({ baseURL });
	await apiLogin(supervisorApi, demo.supervisor);
	const planId = randomUUID();
	const planned = await supervisorApi.post('/api/plans/inspections', {
		data: {
			id: planId,
			unit: { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' },
			windowStart: '2026-12-01',
			windowEnd: '2026-12-15',
			assignedInspectorIds: [inspector.id]
		}
	});
	expect(planned.status()).toBe(201);

	// The assigned inspector receives it…
	const inspectorPull = await (await inspectorApi.get('/api/sync/pull?cursor=0&limit=2000')).json();
	expect(JSON.stringify(inspectorPull.changes)).toContain(planId);

	// …the ward's API never does, and may not list plans.
	const wardApi = await playwright.request.newContext({ baseURL });
	await apiLogin(wardApi, demo.ward);
	expect((await wardApi.get('/api/plans/inspections')).status()).toBe(403);
	const wardPull = await wardApi.get('/api/sync/pull?cursor=0&limit=2000');
	expect(wardPull.status()).toBe(200);
	expect(JSON.stringify((await wardPull.json()).changes)).not.toContain(planId);
	expect((await wardApi.post('/api/plans/inspections', { data: {} })).status()).toBe(403);

	// In the UI: supervisor, admin and inspection pages are refused; nothing planned is stored.
	await signIn(page, demo.ward);
	await expect(page.getByRole('heading', { level: 1, name: 'Kết quả kiểm tra và khắc phục' })).toBeVisible();
	await expect(page.getByRole('main').getByText('UBND Phường Hoàn Kiếm')).toBeVisible();
	await expect(page.getByTestId('sync-last')).not.toContainText('—', { timeout: 30_000 });
	for (const path of ['/supervisor', '/supervisor/review/' + planId, '/admin/users', '/inspections/new']) {
		await page.goto(path);
		await expect(page.getByRole('heading', { name: 'Không có quyền truy cập' })).toBeVisible();
	}
	// A record's screens open for a ward's own self-inspections; the planned visit is not on its device.
	await page.goto(`/inspections/${planId}`);
	await expect(page.getByRole('heading', { name: 'Không tìm thấy cuộc kiểm tra' })).toBeVisible();
	// Approved records of the commune from other specs may be there (shared server); nothing planned is.
	const stored = await readStore<{ id: string; status: string }>(page, 'inspections');
	expect(stored.filter((i) => i.id === planId || i.status !== 'approved')).toEqual([]);
	await Promise.all([inspectorApi.dispose(), supervisorApi.dispose(), wardApi.dispose()]);
});
