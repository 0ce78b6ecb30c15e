/**
 * The supervisor's view of a plan (docs/plans.md), end to end: a plan of three Hà Nội communes
 * is made and drawn through the API, then the plan page shows its coverage line and the drawn
 * visits in the month calendar, on a desktop and on a phone's width.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addDays, vietnamDate } from '../../src/lib/domain/dates';
import { demo, signIn } from './helpers';

async function device(browser: Browser, account: { username: string; password: string }): Promise<Page> {
	const context = await browser.newContext();
	context.setDefaultTimeout(30_000);
	const page = await context.newPage();
	await signIn(page, account);
	return page;
}

test('the plan page shows the coverage against the target and the drawn visits in the calendar', async ({ browser }) => {
	test.setTimeout(120_000);
	const today = vietnamDate();
	const admin = await device(browser, demo.admin);
	const users = (await (await admin.request.get('/api/admin/users')).json()) as { users: { id: string; username: string }[] };
	const inspectorId = users.users.find((u) => u.username === demo.inspector.username)!.id;

	const supervisor = await device(browser, demo.supervisor);
	const headers = { origin: new URL(supervisor.url()).origin };
	const planId = crypto.randomUUID();
	const title = `Kiểm tra đột xuất ${planId.slice(0, 8)}`;
	const made = await supervisor.request.post('/api/plans', {
		headers,
		data: {
			id: planId,
			provinceCode: 1,
			title,
			period: { kind: 'custom', start: addDays(today, -10), end: addDays(today, 30) },
			scope: { kind: 'units', unitCodes: [4, 8, 25] },
			inspectionType: 'dot_xuat',
			decision: { number: '7/QĐ-UBND', date: addDays(today, -10), signer: 'Chủ tịch UBND' },
			coverageTargetPercent: 10,
			windowStart: today,
			windowEnd: addDays(today, 20)
		}
	});
	expect(made.status()).toBe(201);
	const committed = await supervisor.request.post(`/api/plans/${planId}/draws`, {
		headers,
		data: { id: crypto.randomUUID(), sampleSize: 2, excludeVisitedMonths: 0, handPicks: [] }
	});
	const drawId = ((await committed.json()) as { draw: { id: string } }).draw.id;
	const executed = await supervisor.request.post(`/api/plans/${planId}/draws/${drawId}/execute`, {
		headers,
		data: { assignedInspectorIds: [inspectorId] }
	});
	expect(executed.status()).toBe(200);
	const visitIds = ((await executed.json()) as { draw: { inspectionIds: string[] } }).draw.inspectionIds;
	expect(visitIds).toHaveLength(2);

	await supervisor.goto('/supervisor/plans');
	await supervisor.getByRole('button', { name: title }).click();
	await expect(supervisor.getByTestId('coverage-line')).toHaveText(/^Độ bao phủ: \d trên 3 đơn vị, [\d,.]+ % [≥<] 10 %$/);
	// Both visits are planned and sit on today, their window's first day.
	const todayCell = supervisor.locator(`[data-day="${today}"]`);
	for (const id of visitIds) await expect(todayCell.locator(`[data-visit="${id}"]`)).toContainText('từ');
	await expect(supervisor.getByRole('button', { name: 'Chưa bắt đầu (2)' })).toBeVisible();

	// The list shows them too, and on a phone's width the calendar folds into the days with visits.
	await supervisor.getByRole('button', { name: 'Danh sách' }).click();
	for (const id of visitIds) await expect(supervisor.locator(`tr[data-visit="${id}"]`)).toContainText('Chưa bắt đầu');
	await supervisor.setViewportSize({ width: 390, height: 844 });
	await supervisor.getByRole('button', { name: 'Lịch' }).click();
	await expect(todayCell.locator(`[data-visit="${visitIds[0]}"]`)).toBeVisible();
	await expect(supervisor.locator('.weekday').first()).toBeHidden();
});
