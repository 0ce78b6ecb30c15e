/**
 * From finding to verified fix, with three people on three devices (separate browser contexts):
 * an inspector records offline, a supervisor returns the record, the inspector corrects and
 * resubmits (the supervisor's deadline and corrective-action text kept as theirs), the supervisor approves, the commune reports a fix with a
 * photo while offline, and the supervisor verifies it. Every step is checked in the other
 * party's view after their sync, never only on the device that did it.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addDays, formatDate, vietnamDate } from '../../src/lib/domain/dates';
import {
	choose,
	demo,
	drawOn,
	markRestNotApplicable,
	readStore,
	signIn,
	startInspection,
	syncRound,
	waitForServiceWorker,
	type RawOutboxEntry
} from './helpers';

/** The supervisor's new deadline for A3: 200 days after today's visit. */
const adjustedDeadline = addDays(vietnamDate(), 200);

/** The supervisor's wording of A3's corrective action, which must reach the commune unchanged. */
const adjustedRecommendation = 'Niêm yết lại toàn bộ thủ tục theo Quyết định công bố mới, có số điện thoại đường dây nóng';

/** Phường Ba Đình: no other browser test records there, so every list below is this test's. */
const UNIT = /Phường Ba Đình/;

async function device(browser: Browser, account: { username: string; password: string }): Promise<Page> {
	const context = await browser.newContext();
	context.setDefaultTimeout(30_000);
	const page = await context.newPage();
	page.on('dialog', (d) => void d.accept());
	await signIn(page, account);
	await waitForServiceWorker(page);
	return page;
}

/**
 * On the home page: a whole sync round begun after this call (syncRound), then nothing left
 * waiting, photos and signatures included, and no error shown.
 */
async function syncNow(page: Page) {
	await syncRound(page, { stay: new URL(page.url()).pathname === '/' });
	const panel = page.getByTestId('sync-panel');
	await expect(panel.getByTestId('sync-photos')).toHaveText('Ảnh, chữ ký chờ tải lên: 0', { timeout: 30_000 });
	await expect(panel.getByTestId('sync-error')).toHaveCount(0);
}

/** Both parties sign (again, when asked to: signatures given for other content are void), then finish. */
async function signAndFinish(page: Page, inspectionId: string) {
	await page.goto(`/inspections/${inspectionId}/sign`);
	for (const role of ['inspector', 'unit_rep']) {
		const block = page.getByTestId(`signature-${role}`);
		await expect(block.getByRole('button', { name: /^(Lưu chữ ký|Ký lại)$/ })).toBeVisible();
		const again = block.getByRole('button', { name: 'Ký lại', exact: true });
		if (await again.count()) await again.click();
		if (role === 'unit_rep') await block.getByLabel('Họ tên người ký').fill('Phạm Thị Dung');
		await drawOn(page, block.locator('canvas'));
		await block.getByRole('button', { name: 'Lưu chữ ký' }).click();
		await expect(block.getByRole('img')).toBeVisible();
		await expect(block.getByTestId(`signature-void-${role}`)).toHaveCount(0);
	}
	await expect(page.getByTestId('signatures-void')).toHaveCount(0);
	await page.getByRole('button', { name: 'Hoàn thành biên bản' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Kiểm tra đột xuất Bộ phận Một cửa' })).toBeVisible();
}

test('offline record → returned → corrected → approved → ward fixes offline with a photo → verified', async ({ browser }) => {
	test.setTimeout(240_000);

	// 1. The inspector records offline: A3 fails, so the record carries a finding.
	const inspector = await device(browser, demo.inspector);
	await inspector.context().setOffline(true);
	await startInspection(inspector, 'ba dinh', UNIT);
	await inspector.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(inspector.getByRole('heading', { level: 1, name: UNIT })).toBeVisible();
	const inspectionId = inspector.url().split('/').pop()!;
	await inspector.getByRole('link', { name: /^A\./ }).click();
	await choose(inspector, 'A3', 'Không đạt');
	// Figures that cannot be true (7 procedures posted of the 5 published) are said so at once and
	// never saved: the input carries the bound and nothing reaches the outbox.
	const a1 = inspector.getByRole('group', { name: 'A1', exact: true }).getByRole('spinbutton');
	await a1.nth(0).fill('7');
	await a1.nth(0).blur();
	await a1.nth(1).fill('5');
	await a1.nth(1).blur();
	await expect(a1.nth(0)).toHaveAttribute('max', '5');
	await expect(inspector.getByRole('group', { name: 'A1', exact: true }).getByTestId('impossible-figures')).toBeVisible();
	const pendingA1 = (await readStore<RawOutboxEntry>(inspector, 'outbox')).filter(
		(e) => e.mutation.name === 'answerItem' && e.mutation.args.itemId === 'A1'
	);
	expect(pendingA1).toEqual([]);
	await markRestNotApplicable(inspector, inspectionId);
	await signAndFinish(inspector, inspectionId);
	await inspector.context().setOffline(false);
	await syncNow(inspector);

	// 2. The supervisor sees it in the inbox with its coverage, moves the deadline of A3, rewrites
	// its corrective action, and returns it with a comment.
	const supervisor = await device(browser, demo.supervisor);
	await syncNow(supervisor);
	await expect(supervisor.getByTestId('count-to-review')).not.toContainText(/^0/);
	const inInbox = supervisor.getByRole('list', { name: 'Biên bản chờ duyệt' }).getByRole('link', { name: UNIT });
	// One item checked, every other one declared not applicable: that is what the queue says.
	await expect(inInbox.getByTestId('inbox-coverage')).toContainText('Đã kiểm tra 1/1 nội dung; không kiểm tra được 0; chưa trả lời 0');
	await inInbox.click();
	await expect(supervisor.getByTestId('review-finding-A3')).toBeVisible();
	await expect(supervisor.getByTestId('coverage-table')).toBeVisible();
	await expect(supervisor.getByTestId('score-over')).toContainText('trên 1/');
	const a3 = supervisor.getByTestId('review-finding-A3');
	await a3.getByText('Điều chỉnh mức độ, thời hạn').click();
	// The date input offers only what the server accepts: the visit's date to 366 days after.
	await expect(a3.getByLabel('Thời hạn khắc phục (A3)')).toHaveAttribute('min', vietnamDate());
	await expect(a3.getByLabel('Thời hạn khắc phục (A3)')).toHaveAttribute('max', addDays(vietnamDate(), 366));
	await a3.getByLabel('Thời hạn khắc phục (A3)').fill(adjustedDeadline);
	await a3.getByLabel('Kiến nghị khắc phục (A3)').fill(adjustedRecommendation);
	await a3.getByRole('button', { name: 'Lưu điều chỉnh A3' }).click();
	await expect(a3.getByTestId('finding-deadline-value')).toHaveText(formatDate(adjustedDeadline));
	await expect(a3.getByTestId('finding-recommendation-value')).toHaveText(adjustedRecommendation);
	await supervisor.getByLabel('Nhận xét (bắt buộc khi trả lại)').fill('Bổ sung kết quả mục A4 trước khi duyệt');
	await supervisor.getByRole('button', { name: 'Trả lại cho cán bộ kiểm tra' }).click();
	await expect(supervisor.getByText('Đã trả lại biên bản cho cán bộ kiểm tra.')).toBeVisible();
	await expect(supervisor.getByRole('list', { name: 'Biên bản chờ duyệt' }).getByRole('link', { name: UNIT })).toHaveCount(0);
	await syncNow(supervisor);

	// 3. The inspector's device learns of the return and its comment; they correct and resubmit.
	await syncNow(inspector);
	const row = inspector.getByRole('link', { name: UNIT });
	await expect(row.getByTestId('inspection-state')).toHaveText('Bị trả lại, cần sửa');
	await expect(inspector.getByTestId('count-returned')).toContainText('1');
	await row.click();
	await expect(inspector.getByTestId('return-comment')).toContainText('Bổ sung kết quả mục A4 trước khi duyệt');
	await expect(inspector.getByTestId('return-comment')).toContainText('Trần Thu Hà');
	await inspector.getByRole('link', { name: /^A\./ }).click();
	await choose(inspector, 'A4', 'Đạt');
	// The change voids the signatures given before it: finishing waits until both sign again.
	await inspector.goto(`/inspections/${inspectionId}/sign`);
	await expect(inspector.getByTestId('signatures-void')).toBeVisible();
	await expect(inspector.getByTestId('signature-void-unit_rep')).toBeVisible();
	await expect(inspector.getByRole('button', { name: 'Hoàn thành biên bản' })).toBeDisabled();
	// The reviewer's deadline and corrective action are kept, shown as the reviewer's, and locked.
	await inspector.goto(`/inspections/${inspectionId}/summary`);
	await expect(inspector.getByTestId('reviewer-adjusted-A3')).toContainText(formatDate(adjustedDeadline));
	await expect(inspector.getByTestId('reviewer-adjusted-A3')).toContainText('kiến nghị khắc phục');
	await expect(inspector.getByTestId('reviewer-adjusted-A3')).toContainText('Trần Thu Hà');
	await expect(inspector.getByTestId('reviewer-locked-A3')).toBeVisible();
	await expect(inspector.getByTestId('reviewer-recommendation-A3')).toHaveText(adjustedRecommendation);
	await expect(inspector.getByRole('textbox', { name: 'Kiến nghị khắc phục', exact: true })).toHaveCount(0);
	await expect(inspector.getByLabel('Thời hạn khắc phục')).toHaveValue(adjustedDeadline);
	await expect(inspector.getByLabel('Thời hạn khắc phục')).toBeDisabled();
	await signAndFinish(inspector, inspectionId);
	await syncNow(inspector);
	await expect(inspector.getByRole('link', { name: UNIT }).getByTestId('inspection-state')).toHaveText('Đã hoàn thành');
	// Not approved yet: the number is left blank, with the provisional reference (issue 13).
	await inspector.goto(`/inspections/${inspectionId}/record`);
	await expect(inspector.getByText(`Số: ……/BB-ĐKT (số tạm: ${inspectionId.slice(0, 8).toLowerCase()})`)).toBeVisible();

	// 4. The supervisor sees the resubmission with the deadline they set still in place, and approves.
	await syncNow(supervisor);
	await supervisor.getByRole('list', { name: 'Biên bản chờ duyệt' }).getByRole('link', { name: UNIT }).click();
	await expect(supervisor.getByTestId('review-event').first()).toContainText('Bổ sung kết quả mục A4');
	await expect(supervisor.getByTestId('review-finding-A3').getByTestId('finding-deadline-value')).toHaveText(formatDate(adjustedDeadline));
	await expect(supervisor.getByTestId('review-finding-A3').getByTestId('finding-recommendation-value')).toHaveText(adjustedRecommendation);
	await supervisor.getByRole('button', { name: 'Duyệt và công bố cho đơn vị' }).click();
	// Saved on the device before anything navigates away (a navigation would abort the write).
	await expect(supervisor.getByText('Đã duyệt. Biên bản và các tồn tại sẽ được gửi cho đơn vị khi đồng bộ.')).toBeVisible();
	await syncNow(supervisor);

	// 5. The commune sees its finding with the adjusted deadline; it reports a fix offline.
	const ward = await device(browser, demo.ward2);
	await syncNow(ward);
	await expect(ward.getByTestId('count-to-fix')).toContainText('1');
	const finding = ward.getByTestId('finding-row').filter({ hasText: 'A3.' });
	await expect(finding.getByTestId('finding-status')).toHaveText('Chưa khắc phục');
	await expect(finding).toContainText(formatDate(adjustedDeadline));
	await finding.click();
	await expect(ward).toHaveURL(/\/findings\//);
	await expect(ward.getByText(adjustedRecommendation)).toBeVisible();
	const findingUrl = ward.url();
	// The printed record states the supervisor's wording too.
	await ward.goto(`/inspections/${inspectionId}/record`);
	await expect(ward.getByText(adjustedRecommendation, { exact: false })).toBeVisible();
	// Approved: the record carries its final number, not the provisional one (issue 13).
	await expect(ward.getByText(/^Số: \d+\/BB-ĐKT$/)).toBeVisible();
	await expect(ward.getByText('số tạm', { exact: false })).toHaveCount(0);
	await ward.goto(findingUrl);
	await ward.context().setOffline(true);
	await ward.reload();
	await ward.getByLabel('Đã khắc phục như thế nào').fill('Đã niêm yết bổ sung đủ 100% thủ tục tại quầy');
	await ward.getByLabel('Ảnh minh chứng khắc phục').setInputFiles('static/icons/icon-512.png');
	await expect(ward.getByTestId('fix-photo-count')).toHaveText('Đã chọn 1 ảnh');
	await ward.getByRole('button', { name: 'Gửi báo cáo khắc phục' }).click();
	await expect(ward.getByTestId('finding-status')).toHaveText('Đã báo cáo khắc phục, chờ xác nhận');
	await expect(ward.getByTestId('finding-event').first()).toContainText('Đã niêm yết bổ sung');
	await expect(ward.getByRole('img', { name: 'Ảnh minh chứng khắc phục' })).toBeVisible();
	const queued = await readStore<RawOutboxEntry>(ward, 'outbox');
	expect(queued.map((e) => e.mutation.name)).toEqual(['reportFix']);
	await ward.context().setOffline(false);
	await syncNow(ward);

	// 6. The supervisor sees the reported fix with its photo and verifies it.
	await syncNow(supervisor);
	await expect(supervisor.getByTestId('count-to-verify')).toContainText('1');
	await supervisor.getByTestId('finding-row').filter({ hasText: 'Phường Ba Đình' }).click();
	await expect(supervisor.getByTestId('finding-event').first()).toContainText('Đã niêm yết bổ sung đủ 100%');
	await expect(supervisor.getByRole('img', { name: 'Ảnh minh chứng khắc phục' })).toBeVisible();
	await supervisor.getByRole('button', { name: 'Xác nhận đã khắc phục' }).click();
	await expect(supervisor.getByTestId('finding-status')).toHaveText('Đã khắc phục (đã xác nhận)');
	await syncNow(supervisor);

	// 7. The commune sees the finding closed, with the whole history.
	await syncNow(ward);
	await expect(ward.getByTestId('count-to-fix')).toContainText('0');
	await ward.goto(findingUrl);
	await expect(ward.getByTestId('finding-status')).toHaveText('Đã khắc phục (đã xác nhận)');
	await expect(ward.getByTestId('finding-event')).toHaveCount(2);
	await expect(ward.getByTestId('finding-event').first()).toContainText('Trần Thu Hà');

	for (const page of [inspector, supervisor, ward]) await page.context().close();
});
