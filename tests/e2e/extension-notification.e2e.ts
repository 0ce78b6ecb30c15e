/**
 * Issue 18, must-show 6, in the browser: a published record with a photographed finding reaches
 * the commune, which is notified, sees the evidence photo enlarged, and asks for more time; the
 * supervisor grants a new deadline on the finding; the commune's device shows the new deadline,
 * the decision in the history and the notification. The record is made through the API (this
 * spec is about what follows) and found by its id.
 */
import { expect, request as http, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { addDays, formatDate, vietnamDate } from '../../src/lib/domain/dates';
import { demo, signIn, waitForServiceWorker, syncRound } from './helpers';

const unit70 = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };
const asked = addDays(vietnamDate(), 45);
const granted = addDays(vietnamDate(), 40);

async function api(baseURL: string, account: { username: string; password: string }): Promise<APIRequestContext> {
	const context = await http.newContext({ baseURL });
	expect((await context.post('/api/auth/login', { data: account })).ok()).toBe(true);
	return context;
}

async function push(context: APIRequestContext, mutations: { name: string; args: unknown }[]) {
	const now = new Date().toISOString();
	const body = {
		clientId: randomUUID(),
		mutations: mutations.map((m, i) => ({ mutationId: randomUUID(), seq: i + 1, schemaVersion: 1, createdAt: now, ...m }))
	};
	const answer = await (await context.post('/api/sync/push', { data: body })).json();
	expect(answer.results.map((r: { status: string }) => r.status)).toEqual(mutations.map(() => 'applied'));
}

/** A record of commune 70, A3 failed with a photo, submitted by the inspector (and approved unless told not to). */
async function publishedRecord(baseURL: string, approve = true) {
	const inspectionId = randomUUID();
	const findingId = randomUUID();
	const now = new Date().toISOString();
	const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 40 } } })
		.jpeg()
		.toBuffer();
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	const inspector = await api(baseURL, demo.inspector);
	expect((await inspector.put(`/api/blobs/${sha256}`, { data: bytes, headers: { 'content-type': 'image/jpeg' } })).ok()).toBe(true);
	await push(inspector, [
		{
			name: 'createInspection',
			args: {
				id: inspectionId,
				unit: unit70,
				startedAt: now,
				position: null,
				positionNote: 'Không lấy được vị trí',
				team: [{ name: 'Nguyễn Văn An', role: 'truong_doan', position: 'Chuyên viên', organisation: 'Sở Nội vụ' }],
				unitReps: [{ name: 'Trần Thị Bình', position: 'Phó Chủ tịch UBND phường' }],
				basis: 'Kế hoạch số 12/KH-SNV',
				address: '126 Hàng Trống',
				templateId: 'mac-dinh',
				templateVersion: '2025.1',
				sectionIds: ['A'],
				createdBy: 'thiet-bi',
				createdAt: now,
				recommendations: '',
				unitOpinion: ''
			}
		},
		{
			name: 'answerItem',
			args: { inspectionId, itemId: 'A3', officerId: '', value: { kind: 'pass', result: 'fail' }, note: '', answeredAt: now }
		},
		{
			name: 'attachPhoto',
			args: {
				id: randomUUID(),
				inspectionId,
				itemId: 'A3',
				officerId: '',
				sha256,
				mime: 'image/jpeg',
				size: bytes.byteLength,
				width: 64,
				height: 48,
				caption: 'Bảng niêm yết cũ',
				takenAt: now
			}
		},
		{
			name: 'submitInspection',
			args: {
				inspectionId,
				endedAt: now,
				findings: [
					{
						id: findingId,
						inspectionId,
						itemId: 'A3',
						sectionId: 'A',
						title: 'Bảng niêm yết chưa cập nhật',
						detail: 'Còn niêm yết 2 thủ tục đã bị bãi bỏ',
						officerIds: [],
						critical: false,
						legal: [{ document: 'Nghị định 63/2010/NĐ-CP', article: '17' }],
						recommendation: 'Gỡ thủ tục bị bãi bỏ, niêm yết bản hiện hành',
						deadline: addDays(vietnamDate(), 30)
					}
				]
			}
		}
	]);
	if (approve) {
		const supervisor = await api(baseURL, demo.supervisor);
		await push(supervisor, [{ name: 'approveInspection', args: { inspectionId, comment: '' } }]);
		await supervisor.dispose();
	}
	await inspector.dispose();
	return { inspectionId, findingId };
}

async function device(browser: Browser, account: { username: string; password: string }): Promise<Page> {
	const context = await browser.newContext();
	context.setDefaultTimeout(30_000);
	const page = await context.newPage();
	await signIn(page, account);
	await waitForServiceWorker(page);
	return page;
}

test('the commune is notified, sees the evidence, asks for more time; the supervisor grants; the commune sees the new deadline', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	const { inspectionId, findingId } = await publishedRecord(baseURL!);

	// The commune: notified of the new record, sees the finding's photo, asks for more time.
	const ward = await device(browser, demo.ward);
	await syncRound(ward);
	const notifications = ward.getByTestId('notifications');
	await expect(notifications.locator(`a[href="/inspections/${inspectionId}/record"]`)).toContainText('Biên bản kiểm tra mới được công bố');
	await ward.goto(`/findings/${findingId}`);
	await ward.getByTestId('evidence-photo').first().click();
	await expect(ward.getByTestId('evidence-dialog').getByRole('img')).toBeVisible();
	await ward.getByTestId('evidence-dialog').getByRole('button', { name: 'Đóng' }).click();
	await ward.getByLabel('Xin gia hạn đến ngày').fill(asked);
	await ward.getByLabel('Lý do').fill('Chờ kinh phí in bảng niêm yết mới');
	await ward.getByRole('button', { name: 'Gửi đề nghị gia hạn' }).click();
	await expect(ward.getByTestId('extension-pending')).toContainText(formatDate(asked));
	await syncRound(ward);

	// The supervisor grants an earlier date than asked.
	const supervisor = await device(browser, demo.supervisor);
	await syncRound(supervisor);
	await supervisor.goto(`/findings/${findingId}`);
	const pending = supervisor.getByTestId('extension-pending');
	await expect(pending).toContainText('Chờ kinh phí in bảng niêm yết mới');
	await pending.getByLabel('Thời hạn mới (để trống: theo ngày đề nghị)').fill(granted);
	await pending.getByLabel('Ghi chú (bắt buộc khi không chấp thuận)').fill('Đồng ý, hoàn thành trước ngày đề nghị');
	await pending.getByRole('button', { name: 'Chấp thuận gia hạn' }).click();
	await expect(supervisor.getByTestId('extension-pending')).toHaveCount(0);
	await syncRound(supervisor);

	// The commune's device: the new deadline, the decision in the history, and the notification.
	await syncRound(ward);
	await expect(ward.getByTestId('notifications').locator(`[data-kind="extensionGranted"] a[href="/findings/${findingId}"]`)).toContainText(
		'Được gia hạn khắc phục'
	);
	await ward.goto(`/findings/${findingId}`);
	await expect(ward.getByTestId('finding-deadline-date')).toHaveText(formatDate(granted));
	await expect(ward.getByTestId('finding-event').filter({ hasText: 'Được gia hạn' })).toContainText(
		'Đồng ý, hoàn thành trước ngày đề nghị'
	);
	await expect(ward.getByTestId('extension-pending')).toHaveCount(0);
});

test('the supervisor finds a submitted record in the work list by the commune name typed without diacritics', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const { inspectionId } = await publishedRecord(baseURL!, false);
	const supervisor = await device(browser, demo.supervisor);
	// The home page's queue (from the device) shows the score and the critical count too.
	await syncRound(supervisor);
	await expect(supervisor.locator(`a[href="/supervisor/review/${inspectionId}"]`).getByTestId('inbox-figures')).toContainText(
		'Nghiêm trọng / tồn tại: 0/1'
	);
	await supervisor.getByTestId('worklists-link').click();
	await expect(supervisor.getByRole('heading', { level: 1, name: 'Danh sách công việc' })).toBeVisible();
	await supervisor.getByTestId('worklist-search').fill('hoan kiem');
	await supervisor.getByRole('button', { name: 'Lọc' }).click();
	const row = supervisor.locator(`[data-testid="worklist-row"][data-id="${inspectionId}"]`);
	await expect(row).toContainText('Phường Hoàn Kiếm');
	await expect(row).toContainText('Nguyễn Văn An');
	// Score and coverage come from the stored answers (A3 failed, nothing else answered); one finding.
	await expect(row.locator('td').nth(4)).toContainText('%');
	await expect(row.locator('td').nth(5)).toContainText('%');
	await expect(row.locator('td').nth(6)).toContainText('/ 1');
	await supervisor.getByTestId('worklist-search').fill('khong co xa nay');
	await supervisor.getByRole('button', { name: 'Lọc' }).click();
	await expect(supervisor.getByText('Không có biên bản nào phù hợp')).toBeVisible();
	await expect(row).toHaveCount(0);
});
