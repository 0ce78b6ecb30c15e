/**
 * Issue 18 must-shows 3 and 4 in the browser: a supervisor downloads a CSV export from the
 * exports screen (progress shown, file saved, BOM and this test's record in it; again with the app
 * in English, English headings over the same rows) and opens the
 * printable periodic report for a period holding only this test's record, then downloads its DOCX.
 * The record is made through the API in Phường Tây Hồ in February 2025, where no other test
 * records, and is found by its id.
 */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { demo, signIn } from './helpers';

const tayHo = { code: 103, name: 'Phường Tây Hồ', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };
const startedAt = '2025-02-12T02:30:00.000Z';

async function apiLogin(request: APIRequestContext, account: { username: string; password: string }) {
	const res = await request.post('/api/auth/login', { data: account });
	expect(res.ok()).toBe(true);
}

/** One submitted record with one answer, pushed as a device would. */
async function submittedRecord(request: APIRequestContext): Promise<string> {
	const id = randomUUID();
	const mutation = (seq: number, name: string, args: unknown) => ({
		mutationId: randomUUID(),
		seq,
		schemaVersion: 1,
		createdAt: new Date().toISOString(),
		name,
		args
	});
	const res = await request.post('/api/sync/push', {
		data: {
			clientId: randomUUID(),
			mutations: [
				mutation(1, 'createInspection', {
					id,
					unit: tayHo,
					startedAt,
					position: null,
					positionNote: 'Không lấy được vị trí',
					team: [{ name: 'Nguyễn Văn An', role: 'truong_doan', position: 'Chuyên viên', organisation: 'Sở Nội vụ' }],
					unitReps: [{ name: 'Trần Thị Bình', position: 'Phó Chủ tịch UBND phường' }],
					basis: 'Kế hoạch số 12/KH-SNV',
					address: '',
					templateId: 'mac-dinh',
					templateVersion: '2025.1',
					sectionIds: ['A'],
					createdBy: 'thiet-bi',
					createdAt: startedAt,
					recommendations: '',
					unitOpinion: ''
				}),
				mutation(2, 'answerItem', {
					inspectionId: id,
					itemId: 'A1',
					officerId: '',
					value: { kind: 'count', numerator: 5, denominator: 5 },
					note: 'Niêm yết đủ, có chữ "ký hiệu", dấu phẩy',
					answeredAt: startedAt
				}),
				mutation(3, 'submitInspection', { inspectionId: id, endedAt: '2025-02-12T04:30:00.000Z', findings: [] })
			]
		}
	});
	expect(res.ok()).toBe(true);
	const body = (await res.json()) as { results: { status: string }[] };
	expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
	return id;
}

test('a supervisor downloads a CSV export with progress and opens the printable periodic report', async ({ page, playwright, baseURL }) => {
	const inspectorApi = await playwright.request.newContext({ baseURL });
	await apiLogin(inspectorApi, demo.inspector);
	const id = await submittedRecord(inspectorApi);
	await inspectorApi.dispose();

	await signIn(page, demo.supervisor);
	await page.getByRole('link', { name: 'Xuất dữ liệu' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Xuất dữ liệu' })).toBeVisible();
	await page.getByLabel('Từ ngày').fill('2025-02-01');
	await page.getByLabel('Đến ngày').fill('2025-02-28');
	await page.getByTestId('export-unit').fill('103');

	const downloading = page.waitForEvent('download');
	await page.getByTestId('export-answers-csv').click();
	const download = await downloading;
	expect(download.suggestedFilename()).toBe('answers-unit103-2025-02-01_2025-02-28.csv');
	await expect(page.getByTestId('export-done')).toContainText('answers-unit103-2025-02-01_2025-02-28.csv');
	const bytes = await readFile(await download.path());
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = bytes.toString('utf8');
	expect(text).toContain('Đơn vị được kiểm tra');
	expect(text).toContain(`${id},1,Thành phố Hà Nội,103,Phường Tây Hồ,${startedAt},A1,`);
	expect(text).toContain('"Niêm yết đủ, có chữ ""ký hiệu"", dấu phẩy"');

	// Read in English, the app asks for English headings; the rows are the same.
	await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click();
	const downloadingEn = page.waitForEvent('download');
	await page.getByTestId('export-answers-csv').click();
	const english = (await readFile(await (await downloadingEn).path())).toString('utf8');
	expect(english.split('\r\n')[0]).toBe(
		'\uFEFFRecord ID,Province code,Province/city,Unit code,Inspected unit,Inspection started,Item,Officer ID,Officer,Answer type,Result,Numerator / passed,Denominator / sample size,Value,Note,Answered at'
	);
	expect(english.split('\r\n').slice(1)).toEqual(text.split('\r\n').slice(1));
	await page.getByRole('button', { name: 'Switch to Vietnamese' }).click();

	// The periodic report for February 2025 (a custom range) over Phường Tây Hồ: this record alone.
	await page.getByTestId('report-document-link').click();
	await page.getByTestId('report-period-kind').selectOption('custom');
	await page.getByLabel('Từ ngày').fill('2025-02-01');
	await page.getByLabel('Đến ngày').fill('2025-02-28');
	await page.getByLabel('Mã đơn vị (để trống: tất cả)').fill('103');
	await page.getByRole('button', { name: 'Lập báo cáo' }).click();
	const doc = page.getByTestId('report-document');
	await expect(doc.getByText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')).toBeVisible();
	await expect(doc.getByText('Độc lập - Tự do - Hạnh phúc')).toBeVisible();
	await expect(doc.getByText('SỞ NỘI VỤ')).toBeVisible();
	await expect(doc.getByRole('heading', { level: 1 })).toContainText('tại Phường Tây Hồ từ ngày 01/02/2025 đến ngày 28/02/2025');
	await expect(doc).toContainText('đã thực hiện 1 cuộc kiểm tra');
	await expect(doc).toContainText('phát hiện 0 tồn tại, hạn chế');
	await expect(doc.getByText('Nơi nhận:')).toBeVisible();

	// Printed: the app's header and the controls are gone, the document alone is on the page.
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('header.app-header')).toBeHidden();
	await expect(page.getByRole('button', { name: 'Lập báo cáo' })).toBeHidden();
	await expect(doc).toBeVisible();
	// Kept with the test's results for a person to look at the printed page.
	await page.screenshot({ path: test.info().outputPath('printed-report.png'), fullPage: true });
	await page.emulateMedia({ media: 'screen' });

	const docx = page.waitForEvent('download');
	await page.getByTestId('report-docx').click();
	expect((await docx).suggestedFilename()).toBe('bao-cao-kiem-tra-unit103-2025-02-01_2025-02-28.docx');
});
