/**
 * The printed record: an inspector finishes an inspection with a shortcoming, syncs, and prints
 * the biên bản to PDF (A4, as Chromium's print does). The PDF carries every section, the finding
 * and the fingerprint; the verification address printed under the QR code confirms the record
 * to anyone (a fresh browser, not signed in), and refuses it with one character changed.
 */
import { expect, test, type Page } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { addOfficer, choose, demo, markRestNotApplicable, signBoth, signIn, startInspection, waitForServiceWorker } from './helpers';

/** Text as a reader would search it: composed diacritics, single spaces. */
const flat = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

async function pdfText(page: Page): Promise<string> {
	await page.emulateMedia({ media: 'print' });
	const bytes = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
	await page.emulateMedia({ media: 'screen' });
	const pdf = await getDocumentProxy(new Uint8Array(bytes));
	const { text } = await extractText(pdf, { mergePages: true });
	return flat(text);
}

test('the printed record carries every section, the finding and a fingerprint the public page confirms', async ({
	browser,
	context,
	page
}) => {
	await signIn(page, demo.inspector);
	await waitForServiceWorker(page);
	// A commune no other browser test uses: the server's database is shared by the whole run.
	await startInspection(page, 'me linh', /Xã Mê Linh/);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await addOfficer(page, 'Lê Văn Cường');
	const inspectionId = page.url().split('/').pop()!;
	await page.getByRole('link', { name: /^C\./ }).click();
	await choose(page, 'C2', 'Không đạt');
	await choose(page, 'C7 — Lê Văn Cường', 'Đạt');

	// A draft is not a record yet: its preview has no fingerprint to verify.
	await page.goto(`/inspections/${inspectionId}/record`);
	await expect(page.getByTestId('no-fingerprint-note')).toBeVisible();
	await expect(page.getByTestId('record-fingerprint')).toHaveCount(0);

	// Every other item marked not applicable (a record cannot be finished with items unanswered);
	// then sign both and finish.
	await markRestNotApplicable(page, inspectionId);
	await signBoth(page, inspectionId);
	// Finished offline, on site: the record prints with its fingerprint and QR code all the same,
	// and says the server's copy may differ until the device syncs.
	await context.setOffline(true);
	await page.getByRole('button', { name: 'Hoàn thành biên bản' }).click();
	await expect(page).toHaveURL(/\/$/);
	await page.goto(`/inspections/${inspectionId}/record`);
	await expect(page.getByTestId('unsynced-note')).toContainText('bản lưu trên máy chủ có thể khác cho đến khi đồng bộ xong');
	await expect(page.getByRole('img', { name: 'Mã QR xác thực biên bản' })).toBeVisible();
	const printedOffline = (await page.getByTestId('record-fingerprint').textContent())!.trim();
	await context.setOffline(false);
	await page.goto('/');

	// Sync now, and wait until the server has everything (changes and signature images).
	const panel = page.getByTestId('sync-panel');
	await panel.getByRole('button', { name: 'Đồng bộ ngay' }).click();
	await expect(panel.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 0', { timeout: 30_000 });
	await expect(panel.getByTestId('sync-photos')).toHaveText('Ảnh, chữ ký chờ tải lên: 0', { timeout: 30_000 });

	await page.goto(`/inspections/${inspectionId}/record`);
	const record = page.locator('article.record');
	const finding = record.locator('[data-finding="C2"]');
	await expect(finding).toBeVisible();
	const fingerprint = (await record.getByTestId('record-fingerprint').textContent())!.trim();
	expect(fingerprint).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
	const url = (await record.getByTestId('verification-url').textContent())!.trim();
	expect(url).toBe(`${new URL(page.url()).origin}/verify/${inspectionId}?fp=${fingerprint}`);
	await expect(record.getByRole('img', { name: 'Mã QR xác thực biên bản' })).toBeVisible();
	await expect(record.getByTestId('unsynced-note')).toHaveCount(0);
	// Syncing (and pulling the server's echo of the record) did not change the fingerprint.
	expect(fingerprint).toBe(printedOffline);
	await expect(record.getByRole('img', { name: 'Chữ ký trưởng đoàn' })).toBeVisible();
	await expect(record.getByRole('img', { name: 'Chữ ký đại diện đơn vị' })).toBeVisible();
	// The finding as the record words it: "C2. <title> — <detail>" (its first line).
	const findingLine = flat((await finding.innerText()).split('\n')[0]!);
	expect(findingLine).toMatch(/^C2\. .{10,}/);

	const text = await pdfText(page);
	const headings = [
		'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
		'Độc lập - Tự do - Hạnh phúc',
		'BIÊN BẢN',
		'1. Căn cứ',
		'2. Thời gian, địa điểm',
		'3. Thành phần',
		'4. Nội dung kiểm tra',
		'5. Kết quả kiểm tra',
		'6. Tồn tại, hạn chế',
		'7. Kiến nghị, yêu cầu khắc phục',
		'8. Ý kiến của đơn vị được kiểm tra',
		'9. Kết thúc',
		'Biên bản đã được đọc lại, các bên thống nhất ký tên.',
		'ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA',
		'TRƯỞNG ĐOÀN KIỂM TRA'
	];
	for (const heading of headings) expect(text, `PDF lacks "${heading}"`).toContain(heading);
	expect(text).toContain(findingLine);
	// Which version and which scoring the record was made with, and what failed per SIPAS factor.
	expect(text).toContain(
		'Mẫu kiểm tra: Mẫu kiểm tra đột xuất Trung tâm Phục vụ hành chính công cấp xã, cấp tỉnh (mặc định), phiên bản 2027.1.'
	);
	expect(text).toContain('Cách tính điểm: Tỷ lệ đạt có trọng số');
	expect(text).toContain('xếp loại: Tốt từ 90%, Khá từ 75%, Trung bình từ 50%, Kém dưới 50%');
	expect(text).toMatch(
		/Số mục không đạt theo yếu tố của Chỉ số hài lòng \(SIPAS\): tiếp cận dịch vụ \d+; thủ tục hành chính \d+; công chức [1-9]/
	);
	expect(text).toContain(`Dấu vân tay biên bản: ${fingerprint}`);
	// The address may wrap inside its narrow column; it is all there once spaces are ignored.
	expect(text.replace(/\s/g, '')).toContain(url);
	// Not a draft: the finding is not a preview and the no-fingerprint note is absent.
	expect(text).not.toContain('Biên bản chưa hoàn thành');

	// Anyone who scans the QR code: a fresh browser, nobody signed in.
	const stranger = await browser.newContext();
	const verifyPage = await stranger.newPage();
	const genuine = await verifyPage.goto(url);
	expect(genuine?.status()).toBe(200);
	// Plain server-rendered HTML under the app's CSP: no script at all, not even SvelteKit's.
	expect(genuine?.headers()['content-security-policy']).toContain("script-src 'self'");
	expect(await genuine?.text()).not.toContain('<script');
	await expect(verifyPage.getByRole('status')).toContainText('Biên bản xác thực: dấu vân tay khớp với bản lưu trên máy chủ');
	await expect(verifyPage.getByText('Mê Linh')).toHaveCount(0);
	await expect(verifyPage.getByText('Lê Văn Cường')).toHaveCount(0);

	const last = fingerprint.at(-1)!;
	const forged = url.slice(0, -1) + (last === '0' ? '1' : '0');
	await verifyPage.goto(forged);
	await expect(verifyPage.getByRole('status')).toContainText('Không khớp');
	await expect(verifyPage.getByRole('status')).not.toContainText('Biên bản xác thực');

	const malformed = await verifyPage.goto(url.replace(/fp=.*$/, 'fp=XYZ'));
	expect(malformed?.status()).toBe(400);
	await expect(verifyPage.getByRole('alert')).toContainText('Dấu vân tay trong địa chỉ không hợp lệ');
	await stranger.close();
});
