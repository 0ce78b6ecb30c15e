/**
 * The citizens' questionnaire is edited like any template (issue 19, must-show 1), in a real
 * browser against the built app: the demo admin (Hà Nội) drafts the province's own questionnaire
 * from the national default, adds a yes/no question with its critical answer, is refused at the
 * field while a question is empty, saves, previews and publishes it; the list then shows it in
 * effect for the province, beside the checklist.
 */
import { expect, test } from '@playwright/test';
import { demo, signIn } from './helpers';

const todayIso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
const year = todayIso.slice(0, 4);
const q12 = 'Ông/bà có được hướng dẫn đầy đủ ngay từ lần đến đầu tiên không?';

test('the province admin drafts, edits, previews and publishes its own questionnaire', async ({ page }) => {
	await signIn(page, demo.admin);
	await page.goto('/admin/templates');
	const current = page.getByTestId('current-questionnaire');
	await expect(current).toContainText('2026.1');
	await expect(page.getByTestId('questionnaire-version-row')).toContainText('phong-van-nguoi-dan');
	await current.getByRole('button', { name: 'Soạn phiên bản riêng của tỉnh từ mẫu này' }).click();
	await expect(page).toHaveURL(new RegExp(`/admin/templates/phong-van-nguoi-dan-tinh-\\d+/${year}\\.1$`));
	await expect(page.getByTestId('version-meta')).toContainText('Bản nháp');

	// A new question in the TT group takes the next free id, as a yes/no whose "no" is critical.
	const tt = page.locator('section[data-factor="TT"]');
	await tt.getByRole('button', { name: 'Thêm câu Q12' }).click();
	const question = page.locator('[data-question="Q12"]');
	await expect(question.getByLabel('Câu hỏi (tiếng Việt)')).toBeFocused();
	await question.getByLabel('Câu hỏi (tiếng Việt)').fill(q12);
	await question.getByLabel('Cách trả lời').selectOption('yesno');
	await question.getByLabel('Câu trả lời cần chú ý khi người dân trả lời').selectOption('no');

	// An emptied question is refused next to its field, and nothing is sent.
	const q1 = page.locator('[data-question="Q1"]').getByLabel('Câu hỏi (tiếng Việt)');
	const before = await q1.inputValue();
	await q1.fill('');
	await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
	await expect(q1).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByTestId('problems')).toContainText('Nhóm câu hỏi thứ 1 › câu hỏi thứ 1 › Câu hỏi (tiếng Việt)');
	await expect(page.getByRole('button', { name: 'Ban hành…' })).toBeDisabled();
	await q1.fill(before);
	await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
	await expect(page.getByTestId('save-state')).toHaveText('Đã lưu mọi thay đổi');

	await page.getByRole('tab', { name: 'Xem trước' }).click();
	await expect(page.getByTestId('questionnaire-preview')).toContainText(q12);
	// Its workbook has a questionnaire's own sheets (spreadsheet/questionnaire-layout.ts).
	await expect(page.getByRole('link', { name: 'Tải về Excel (XLSX)' })).toHaveAttribute('href', /format=xlsx/);

	await page.getByRole('button', { name: 'Ban hành…' }).click();
	await page.getByRole('button', { name: 'Xác nhận ban hành' }).click();
	await expect(page.getByTestId('version-meta')).toContainText('Đã ban hành');

	await page.goto('/admin/templates');
	await expect(page.getByTestId('current-questionnaire')).toContainText(`${year}.1`);
	await expect(page.getByTestId('current-questionnaire')).toContainText('Thành phố Hà Nội');
	await expect(page.getByTestId('current-version')).not.toContainText('phong-van');
});
