/**
 * Offline start from the plan (issue 16): a supervisor plans two visits through the API; the
 * assigned inspector's phone pulls them, goes offline, lists them under "Chuyến kiểm tra của tôi"
 * (one overdue), and starts one with its unit, team, type and căn cứ filled in from the plan. Back
 * online, the start syncs and the server holds the inspector's draft. Records are found by id.
 */
import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { addOfficer, demo, readStore, signIn, waitForServiceWorker, type RawOutboxEntry, syncRound } from './helpers';

const BASIS = 'Kế hoạch số 21/KH-SNV ngày 02/01/2026 của Sở Nội vụ';

async function apiLogin(request: APIRequestContext, account: { username: string; password: string }) {
	const res = await request.post('/api/auth/login', { data: account });
	expect(res.ok()).toBe(true);
	return (await res.json()).user as { id: string };
}

/** A date `days` from today in Vietnam, as the plan's window takes it. */
function vietnamDate(days: number): string {
	return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** The latest inspection row with this id in a whole pull of `api`'s account. */
async function pulledInspection(api: APIRequestContext, id: string) {
	let latest: Record<string, unknown> | undefined;
	for (let cursor = 0; ;) {
		const page = await (await api.get(`/api/sync/pull?cursor=${cursor}&limit=1000`)).json();
		for (const c of page.changes) if (c.entity === 'inspection' && c.data.id === id) latest = c.data;
		cursor = page.cursor;
		if (!page.hasMore) return latest;
	}
}

test('an assigned inspector starts a planned visit offline, with the plan filled in, and it syncs', async ({
	browser,
	playwright,
	baseURL
}) => {
	test.setTimeout(180_000);
	const supervisorApi = await playwright.request.newContext({ baseURL });
	await apiLogin(supervisorApi, demo.supervisor);
	const colleagueApi = await playwright.request.newContext({ baseURL });
	const colleague = await apiLogin(colleagueApi, demo.inspector);
	const inspectorApi = await playwright.request.newContext({ baseURL });
	const inspector = await apiLogin(inspectorApi, demo.inspector2);

	const plan = async (unitCode: number, windowStart: string, windowEnd: string) => {
		const id = randomUUID();
		const response = await supervisorApi.post('/api/plans/inspections', {
			data: {
				id,
				unit: { code: unitCode, name: 'x', provinceCode: 1, provinceName: 'Thành phố Hà Nội' },
				windowStart,
				windowEnd,
				assignedInspectorIds: [inspector.id, colleague.id],
				basis: BASIS
			}
		});
		expect(response.status()).toBe(201);
		return (await response.json()).plan as { id: string; unit: { name: string } };
	};
	const open = await plan(8, vietnamDate(-2), vietnamDate(12));
	const overdue = await plan(25, vietnamDate(-20), vietnamDate(-3));

	// The phone signs in and pulls while online, then loses the network.
	const context = await browser.newContext({
		permissions: ['geolocation'],
		geolocation: { latitude: 21.0341, longitude: 105.8372, accuracy: 18 }
	});
	context.setDefaultTimeout(30_000);
	const page = await context.newPage();
	await signIn(page, demo.inspector2);
	await waitForServiceWorker(page);
	await syncRound(page, { stay: true });
	await context.setOffline(true);
	await page.reload();

	// My visits, from the device database: both plans, the overdue one marked.
	await expect(page.getByRole('heading', { level: 2, name: 'Chuyến kiểm tra của tôi' })).toBeVisible();
	const openCard = page.locator(`[data-testid="my-visit"][data-id="${open.id}"]`);
	const overdueCard = page.locator(`[data-testid="my-visit"][data-id="${overdue.id}"]`);
	await expect(openCard).toContainText(open.unit.name);
	await expect(openCard.getByTestId('visit-timing')).toHaveText('Đến hạn');
	await expect(overdueCard.getByTestId('visit-timing')).toHaveText('Quá hạn');

	// The start screen shows what the plan fixed; the inspector adds when and where.
	await openCard.getByRole('link', { name: 'Bắt đầu chuyến này' }).click();
	await expect(page.getByTestId('visit-unit')).toContainText(open.unit.name);
	await expect(page.getByTestId('visit-type')).toHaveText('Đột xuất');
	await expect(page.getByTestId('visit-basis')).toHaveText(BASIS);
	await expect(page.getByTestId('visit-team').getByRole('listitem')).toHaveCount(2);
	await page.getByRole('button', { name: 'Lấy vị trí GPS' }).click();
	await expect(page.getByTestId('position')).toContainText('21.03410, 105.83720');
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(page).toHaveURL(new RegExp(`/inspections/${open.id}$`));
	await expect(page.getByRole('heading', { level: 1, name: open.unit.name })).toBeVisible();
	await addOfficer(page, 'Phạm Thu Hà');

	// Still offline: the draft is on the phone and its start is queued first.
	const local = (await readStore<{ id: string; status: string; createdBy: string; basis: string }>(page, 'inspections')).find(
		(r) => r.id === open.id
	);
	expect(local).toMatchObject({ status: 'draft', createdBy: inspector.id, basis: BASIS });
	const queued = (await readStore<RawOutboxEntry>(page, 'outbox')).filter((e) => e.mutation.args.inspectionId === open.id);
	expect(queued.map((e) => e.mutation.name)).toEqual(['startPlannedInspection', 'addOfficer']);
	await page.goto('/');
	await expect(page.locator(`[data-testid="my-visit"][data-id="${open.id}"]`)).toHaveCount(0);
	await expect(overdueCard).toBeVisible();

	// Online again: the queue drains and the server holds the inspector's draft.
	await context.setOffline(false);
	await syncRound(page, { stay: true });
	const onServer = await pulledInspection(supervisorApi, open.id);
	expect(onServer).toMatchObject({
		status: 'draft',
		createdBy: inspector.id,
		basis: BASIS,
		unit: { code: 8, name: open.unit.name },
		position: { lat: 21.0341, lng: 105.8372, accuracyM: 18 }
	});
	expect((onServer!.team as unknown[]).length).toBe(2);
	expect(await pulledInspection(supervisorApi, overdue.id)).toMatchObject({ status: 'planned' });
	// The colleague on the team receives the started record, and may no longer start it.
	expect(await pulledInspection(colleagueApi, open.id)).toMatchObject({ status: 'draft', createdBy: inspector.id });
	const plans = (await (await supervisorApi.get('/api/plans/inspections')).json()).plans as { id: string }[];
	expect(plans.map((p) => p.id)).toContain(overdue.id);
	expect(plans.map((p) => p.id)).not.toContain(open.id);

	// On the colleague's phone the started visit is no longer to start; the record is the team's
	// (issue 17), and a member who holds no section adds nothing to it.
	const colleaguePage = await (await browser.newContext()).newPage();
	await signIn(colleaguePage, demo.inspector);
	await syncRound(colleaguePage, { stay: true });
	await expect(colleaguePage.locator(`[data-testid="my-visit"][data-id="${open.id}"]`)).toHaveCount(0);
	await expect(colleaguePage.locator(`[data-testid="my-visit"][data-id="${overdue.id}"]`)).toBeVisible();
	await colleaguePage.goto(`/inspections/${open.id}`);
	await expect(colleaguePage.getByTestId('team-member-record')).toBeVisible();
	await expect(colleaguePage.getByRole('button', { name: '+ Thêm công chức' })).toHaveCount(0);

	await Promise.all([context.close(), colleaguePage.context().close()]);
	await Promise.all([supervisorApi.dispose(), colleagueApi.dispose(), inspectorApi.dispose()]);
});

test('an unplanned visit states its reason, and the record prints it', async ({ page }) => {
	await signIn(page, demo.inspector2);
	await page.getByRole('link', { name: 'Bắt đầu cuộc kiểm tra mới' }).click();
	await page.getByLabel('Tìm xã, phường, đặc khu').fill('hoan kiem');
	await page.getByRole('button', { name: /Phường Hoàn Kiếm/ }).click();
	await page.getByLabel('Họ và tên (1)').first().fill('Nguyễn Văn An');
	// Without a reason the visit does not start.
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(page).toHaveURL(/\/inspections\/new$/);
	const reason = `Phản ánh của người dân ${randomUUID().slice(0, 8)}`;
	await page.getByLabel('Lý do kiểm tra ngoài kế hoạch').fill(reason);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /Phường Hoàn Kiếm/ })).toBeVisible();
	const id = page.url().split('/').pop()!;
	await page.goto(`/inspections/${id}/record`);
	await expect(page.getByTestId('record-unplanned-reason')).toHaveText(`Kiểm tra ngoài kế hoạch. Lý do: ${reason}.`);
});
