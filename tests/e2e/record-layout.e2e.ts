/**
 * The printed record read on a 360-px phone and printed on A4 (issue 13, must-show 7 and 8):
 * no horizontal scrolling, the heading's two blocks inside the screen, body text a readable
 * ragged-right column; on A4 nothing beyond the printable width, "Trang x/y" on every sheet and
 * the fingerprint on the same sheet as the signatures. The paper lists findings in template
 * order, strengths in words, the team by role and a signature block for every team member.
 */
import { expect, test, type Page } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { addOfficer, choose, demo, markRestNotApplicable, signBoth, signIn, startInspection, waitForServiceWorker } from './helpers';

const flat = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** A4 (210 mm) less the record's left (30 mm) and right (20 mm) margins, in CSS pixels. */
const PRINTABLE_WIDTH_PX = Math.floor((160 / 25.4) * 96);

/**
 * Elements of the record whose right edge lies beyond `width`, outside boxes that scroll or clip
 * on their own (a wide table scrolls inside its box, which is allowed).
 */
function overflowing(page: Page, width: number) {
	return page.evaluate((width) => {
		const out: string[] = [];
		for (const el of document.querySelectorAll('article.record *')) {
			let clipped = false;
			for (let p = el.parentElement; p && !p.matches('article.record'); p = p.parentElement) {
				const o = getComputedStyle(p).overflowX;
				if (o === 'auto' || o === 'hidden' || o === 'scroll') clipped = true;
			}
			const r = el.getBoundingClientRect();
			if (!clipped && r.width > 0 && r.right > width + 0.5)
				out.push(`${el.tagName.toLowerCase()}.${el.className}: right ${Math.round(r.right)} "${(el.textContent ?? '').slice(0, 40)}"`);
		}
		return out;
	}, width);
}

test('the record reads on a 360-px phone and prints on A4 within margins, numbered, in template order', async ({ page }) => {
	test.setTimeout(180_000);
	await signIn(page, demo.inspector);
	await waitForServiceWorker(page);
	// A commune no other browser test uses.
	await startInspection(page, 'thanh xuan', /Phường Thanh Xuân/, 'Nguyễn Văn An');
	const team = page.getByRole('group', { name: 'Thành phần đoàn kiểm tra' });
	await team.getByLabel('Chức vụ (1)').fill('Phó Chánh Văn phòng');
	await team.getByLabel('Cơ quan (1)').fill('Văn phòng Ủy ban nhân dân Thành phố Hà Nội');
	// Entered out of order: the secretary before the member. The paper lists them by role.
	await team.getByRole('button', { name: '+ Thêm người' }).click();
	await team.getByLabel('Họ và tên (2)').fill('Phạm Thị Dung');
	await team.getByLabel('Vai trò (2)').selectOption('thu_ky');
	await team.getByRole('button', { name: '+ Thêm người' }).click();
	await team.getByLabel('Họ và tên (3)').fill('Hoàng Văn Em');
	await team.getByLabel('Vai trò (3)').selectOption('thanh_vien');
	const reps = page.getByRole('group', { name: 'Đại diện đơn vị được kiểm tra' });
	await reps.getByLabel('Họ và tên (1)').fill('Trần Thị Bình');
	// A long unbroken token (an address with a web link) must break, not widen the page.
	const address = 'Số 9 phố Khương Đình, tổ dân phố 12, https://dichvucong.hanoi.gov.vn/thanhxuan/motcua-trung-tam-phuc-vu';
	await page.getByLabel('Địa chỉ nơi kiểm tra').fill(address);
	await page.getByLabel('Loại kiểm tra').selectOption('dinh_ky');
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await addOfficer(page, 'Lê Văn Cường');
	const inspectionId = page.url().split('/').pop()!;

	// Failures made in the reverse of the template's order: C2 first, then A4.
	await page.goto(`/inspections/${inspectionId}/sections/C`);
	await choose(page, 'C2', 'Không đạt');
	await page.goto(`/inspections/${inspectionId}/sections/A`);
	await choose(page, 'A4', 'Không đạt');
	await choose(page, 'A7', 'Đạt');
	await markRestNotApplicable(page, inspectionId);
	await signBoth(page, inspectionId);
	await page.getByRole('button', { name: 'Hoàn thành biên bản' }).click();
	await expect(page).toHaveURL(/\/$/);
	// The server keeps the inspection type: its copy gives the fingerprint this device prints.
	const panel = page.getByTestId('sync-panel');
	await panel.getByRole('button', { name: 'Đồng bộ ngay' }).click();
	await expect(panel.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 0', { timeout: 30_000 });

	// A phone.
	await page.setViewportSize({ width: 360, height: 800 });
	await page.goto(`/inspections/${inspectionId}/record`);
	const record = page.locator('article.record');
	await expect(record.getByTestId('record-fingerprint')).toHaveText(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);

	// What the paper says (must-show 7).
	await expect(record.locator('h1')).toContainText('Kiểm tra định kỳ công tác cải cách hành chính');
	const verification = (await record.getByTestId('verification-url').textContent())!.trim();
	const verified = await page.request.get(verification);
	expect(await verified.text()).toContain('Biên bản xác thực: dấu vân tay khớp với bản lưu trên máy chủ');
	await expect(record.locator('[data-finding]')).toHaveCount(2);
	expect(await record.locator('[data-finding]').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding')))).toEqual(['A4', 'C2']);
	const actions = await record.locator('h2:has-text("7. Kiến nghị") + ol > li').allInnerTexts();
	expect(actions.map((a) => /\(mục (\w+)\)/.exec(a)?.[1])).toEqual(['A4', 'C2']);
	for (const a of actions) expect(a).toMatch(/thời hạn hoàn thành: \d{2}\/\d{2}\/\d{4}\.$/);
	// Strengths in words, without the item code or the inspector's bracketed aside.
	const strengths = flat(await record.getByTestId('record-strengths').first().innerText());
	expect(strengths).toContain('Có bộ hồ sơ mẫu cho các TTHC phát sinh nhiều hồ sơ');
	expect(strengths).not.toMatch(/\bA7\b|mỗi trang đóng chữ/);
	const members = (await record.getByTestId('record-team-member').allInnerTexts()).map(flat);
	expect(members.map((m) => m.split(' — ').at(-1))).toEqual(['Trưởng đoàn', 'Thành viên', 'Thư ký']);
	expect(members[0]).toContain('Nguyễn Văn An, Phó Chánh Văn phòng, Văn phòng Ủy ban nhân dân Thành phố Hà Nội');
	await expect(record.getByTestId('record-address')).toContainText(address);
	const teamBlocks = record.getByTestId('record-signature-team');
	await expect(teamBlocks).toHaveCount(2);
	await expect(teamBlocks.nth(0)).toContainText('THÀNH VIÊN ĐOÀN KIỂM TRA');
	await expect(teamBlocks.nth(0)).toContainText('(Ký, ghi rõ họ tên)');
	await expect(teamBlocks.nth(0)).toContainText('Hoàng Văn Em');
	await expect(teamBlocks.nth(1)).toContainText('THƯ KÝ ĐOÀN KIỂM TRA');
	await expect(teamBlocks.nth(1)).toContainText('Phạm Thị Dung');

	// No horizontal scrolling on a 360-px phone (must-show 8).
	await page.screenshot({ path: '/tmp/record-360.png', fullPage: true });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	expect(await overflowing(page, 360)).toEqual([]);
	for (const part of [record.locator('.heading .issuer'), record.locator('.heading .motto'), record.locator('h1')]) {
		const box = (await part.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(360);
	}
	// Body text is a readable column, ragged-right, not a 190-px justified strip.
	const body = record.getByTestId('record-score-over');
	expect((await body.boundingBox())!.width).toBeGreaterThanOrEqual(300);
	expect(await body.evaluate((el) => getComputedStyle(el).textAlign)).not.toBe('justify');

	// A4: laid out at the printable width (A4 less the margins), nothing reaches past it.
	await page.setViewportSize({ width: PRINTABLE_WIDTH_PX, height: 1000 });
	await page.emulateMedia({ media: 'print' });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PRINTABLE_WIDTH_PX);
	expect(await overflowing(page, PRINTABLE_WIDTH_PX)).toEqual([]);
	const bytes = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
	await page.emulateMedia({ media: 'screen' });
	const pdf = await getDocumentProxy(new Uint8Array(bytes));
	const { text, totalPages } = await extractText(pdf, { mergePages: false });
	const pages = text.map(flat);
	expect(totalPages).toBeGreaterThan(1);
	// Every sheet numbered "Trang x/y" in its bottom margin.
	pages.forEach((t, n) => expect(t, `sheet ${n + 1}`).toContain(`Trang ${n + 1}/${totalPages}`));
	// The fingerprint shares its sheet with the signatures it vouches for.
	const fingerprintSheet = pages.findIndex((t) => t.includes('Dấu vân tay biên bản'));
	expect(fingerprintSheet).toBeGreaterThanOrEqual(0);
	expect(pages[fingerprintSheet]).toMatch(/TRƯỞNG ĐOÀN KIỂM TRA|THƯ KÝ ĐOÀN KIỂM TRA|THÀNH VIÊN ĐOÀN KIỂM TRA/);
});
