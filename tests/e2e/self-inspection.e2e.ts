/**
 * Self-inspection (tự kiểm tra, issue 16 must-show 9): a ward runs a short checklist on its own
 * unit, finishes it, and sees it labelled — on its home, on the record screen and in the printed
 * title. The server stores it as a self-inspection and no supervisor receives it.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { choose, demo, markRestNotApplicable, signBoth, signIn } from './helpers';

async function pullOf(request: APIRequestContext, account: { username: string; password: string }) {
	expect((await request.post('/api/auth/login', { data: account })).ok()).toBe(true);
	const pulled = await request.get('/api/sync/pull?cursor=0&limit=2000');
	expect(pulled.status()).toBe(200);
	return (await pulled.json()).changes as { entity: string; data: { id?: string; kind?: string; status?: string } }[];
}

test('a ward runs a short self-inspection of its own unit and sees it labelled; no supervisor receives it', async ({
	page,
	playwright,
	baseURL
}) => {
	test.setTimeout(180_000);
	// Phường Ba Đình's account: other browser tests use Phường Hoàn Kiếm's.
	await signIn(page, demo.ward2);
	// The checklist templates come with the first sync.
	await expect(page.getByTestId('sync-last')).not.toContainText('—', { timeout: 30_000 });
	await expect(page.getByRole('heading', { name: 'Tự kiểm tra của đơn vị' })).toBeVisible();

	await page.getByTestId('start-self-inspection').click();
	await expect(page.getByTestId('self-unit')).toHaveText('Phường Ba Đình');
	await expect(page.getByTestId('self-badge')).toBeVisible();
	await page.getByLabel('Họ và tên (1)').first().fill('Nguyễn Thị Tự');
	await page.getByRole('button', { name: 'Bắt đầu tự kiểm tra' }).click();

	await expect(page.getByRole('heading', { level: 1, name: 'Phường Ba Đình' })).toBeVisible();
	await expect(page.getByTestId('self-badge')).toBeVisible();
	const inspectionId = page.url().split('/').pop()!;

	// A short check: one item passes, the rest does not apply.
	await page.goto(`/inspections/${inspectionId}/sections/A`);
	await choose(page, 'A3', 'Đạt');
	await markRestNotApplicable(page, inspectionId);
	await signBoth(page, inspectionId);
	await page.getByRole('button', { name: 'Hoàn thành biên bản' }).click();
	await expect(page).toHaveURL(/\/$/);

	// Home: listed among the unit's self-inspections, labelled, finished once sent (nobody reviews it).
	const card = page.locator(`a[data-inspection-id="${inspectionId}"]`);
	await expect(card.getByTestId('self-badge')).toHaveText('Tự kiểm tra');
	await expect(card.getByTestId('inspection-state')).toHaveText('Đã hoàn thành', { timeout: 30_000 });

	// The printed record says what it is.
	await page.goto(`/inspections/${inspectionId}/record`);
	const record = page.locator('article.record');
	await expect(record.getByRole('heading', { level: 1 })).toContainText('BIÊN BẢN TỰ KIỂM TRA');
	await expect(record.getByRole('heading', { level: 1 })).toContainText('Tự kiểm tra công tác cải cách hành chính');
	await expect(record).toContainText('TỔ TỰ KIỂM TRA');

	// The server holds it as a submitted self-inspection for its author, and the supervisor never receives it.
	const wardApi = await playwright.request.newContext({ baseURL });
	const own = (await pullOf(wardApi, demo.ward2)).filter((c) => c.entity === 'inspection' && c.data.id === inspectionId).at(-1);
	expect(own?.data).toMatchObject({ kind: 'self', status: 'submitted' });
	const supervisorApi = await playwright.request.newContext({ baseURL });
	expect(JSON.stringify(await pullOf(supervisorApi, demo.supervisor))).not.toContain(inspectionId);
	await Promise.all([wardApi.dispose(), supervisorApi.dispose()]);
});
