/**
 * The record says what happened (issue 13): an empty record cannot be finished; "không kiểm tra
 * được" with a reason counts apart; the score is not graded on a few answers; a refusal to sign
 * prints as a refusal with its witness, never as agreement, and a unit that said nothing gets
 * blank lines, not words. And no typed text is lost: a corrective action typed and followed at
 * once by a deadline change survives a reload, and a note over the limit stays on the device
 * with an error instead of vanishing.
 */
import { addDays, vietnamDate } from '../../src/lib/domain/dates';
import { expect, test } from '@playwright/test';
import { choose, demo, drawOn, markRestNotApplicable, signIn, startInspection, waitForServiceWorker } from './helpers';

test('an empty record cannot be finished; a refusal with its witness prints as refusal, a silent unit as blank lines', async ({ page }) => {
	test.setTimeout(180_000);
	await signIn(page, demo.inspector);
	await waitForServiceWorker(page);
	// A commune no other browser test uses.
	await startInspection(page, 'long bien', /Phường Long Biên/);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /Phường Long Biên/ })).toBeVisible();
	const inspectionId = page.url().split('/').pop()!;

	// Nothing answered: nothing to finish, and nothing graded.
	await page.goto(`/inspections/${inspectionId}/sign`);
	await expect(page.getByTestId('finish-blocked')).toContainText('chưa trả lời');
	await expect(page.getByRole('button', { name: 'Hoàn thành biên bản' })).toBeDisabled();

	// One pass, one failure, one item that could not be checked (with its reason).
	await page.goto(`/inspections/${inspectionId}/sections/A`);
	await choose(page, 'A3', 'Đạt');
	await choose(page, 'A4', 'Không đạt');
	const a2 = page.getByRole('group', { name: 'A2', exact: true });
	await a2.getByRole('button', { name: 'Không kiểm tra được' }).click();
	await a2.getByLabel('Lý do không kiểm tra được').fill('Phòng lưu trữ khóa, người giữ chìa khóa đi vắng');
	await a2.getByRole('button', { name: 'Ghi nhận không kiểm tra được' }).click();
	await expect(a2.getByRole('button', { name: 'Không kiểm tra được' })).toHaveAttribute('aria-pressed', 'true');

	// Two checked of dozens: a score over what was checked, and no grade.
	await page.goto(`/inspections/${inspectionId}/summary`);
	await expect(page.getByTestId('grade')).toHaveText('—');
	await expect(page.getByTestId('grade-withheld')).toContainText('Không xếp loại');
	await expect(page.getByTestId('score-over')).toContainText('trên 2/');
	await expect(page.getByTestId('coverage-not-checkable')).toHaveText('1');

	await markRestNotApplicable(page, inspectionId);
	await page.goto(`/inspections/${inspectionId}/sign`);
	const inspector = page.getByTestId('signature-inspector');
	await drawOn(page, inspector.locator('canvas'));
	await inspector.getByRole('button', { name: 'Lưu chữ ký' }).click();
	await expect(inspector.getByRole('img')).toBeVisible();
	const rep = page.getByTestId('signature-unit_rep');
	await rep.getByLabel('Họ tên người ký').fill('Trần Thị Bình');
	await rep.getByRole('button', { name: 'Từ chối ký' }).click();
	await rep.getByLabel('Lý do từ chối ký').fill('Không đồng ý kết luận về mục A4');
	await rep.getByLabel('Người chứng kiến việc từ chối ký').fill('Lê Văn Chứng');
	await rep.getByLabel('Chức vụ người chứng kiến').fill('Công chức Văn phòng');
	await rep.getByRole('button', { name: 'Ghi nhận từ chối ký' }).click();
	await expect(rep.getByTestId('refused-unit_rep')).toContainText('Không đồng ý kết luận về mục A4');
	await page.getByRole('button', { name: 'Hoàn thành biên bản' }).click();
	await expect(page).toHaveURL(/\/$/);

	await page.goto(`/inspections/${inspectionId}/record`);
	const record = page.locator('article.record');
	const closing = record.getByTestId('closing-sentence');
	await expect(closing).toContainText('từ chối ký biên bản với lý do: Không đồng ý kết luận về mục A4.');
	await expect(closing).toContainText('có sự chứng kiến của Ông/Bà Lê Văn Chứng, Công chức Văn phòng');
	await expect(closing).not.toContainText('thống nhất');
	await expect(record.getByTestId('record-refusal')).toContainText('người chứng kiến: Ông/Bà Lê Văn Chứng');
	await expect(record.getByRole('img', { name: 'Chữ ký đại diện đơn vị' })).toHaveCount(0);
	await expect(record.getByTestId('unit-opinion-blank')).toBeVisible();
	await expect(record).not.toContainText('Thống nhất với kết quả kiểm tra');
	await expect(record.getByTestId('record-coverage')).toBeVisible();
	await expect(record).toContainText('Phòng lưu trữ khóa, người giữ chìa khóa đi vắng');
	await expect(record.getByTestId('record-score-over')).toContainText('Không xếp loại');
});

test('typed text survives a deadline change at once and a reload; a too-long note stays with an error', async ({ page }) => {
	test.setTimeout(120_000);
	await signIn(page, demo.inspector);
	await waitForServiceWorker(page);
	await startInspection(page, 'dong da', /Phường Đống Đa/);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /Phường Đống Đa/ })).toBeVisible();
	const inspectionId = page.url().split('/').pop()!;
	await page.goto(`/inspections/${inspectionId}/sections/A`);
	await choose(page, 'A3', 'Không đạt');

	await page.goto(`/inspections/${inspectionId}/summary`);
	const typed = 'Thay bảng niêm yết mới, đủ 100% thủ tục, trước khi hết hạn';
	await page.getByLabel('Kiến nghị khắc phục').fill(typed);
	// Within the deadline rule (the visit date to 366 days after), and not the default.
	const deadline = addDays(vietnamDate(), 60);
	await page.getByLabel('Thời hạn khắc phục').fill(deadline);
	await page.reload();
	await expect(page.getByLabel('Kiến nghị khắc phục')).toHaveValue(typed);
	await expect(page.getByLabel('Thời hạn khắc phục')).toHaveValue(deadline);

	await page.goto(`/inspections/${inspectionId}/sections/A`);
	const long = 'Ghi chú rất dài. '.repeat(300);
	await page.getByLabel('Ghi chú A3').fill(long);
	await expect(page.getByRole('alert').filter({ hasText: 'vượt giới hạn' })).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('Ghi chú A3')).toHaveValue(long);
	await expect(page.getByRole('alert').filter({ hasText: 'vượt giới hạn' })).toBeVisible();
});
