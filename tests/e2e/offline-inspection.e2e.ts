/**
 * The inspector's whole visit with the browser offline after one online visit: start, two
 * officers, every section including per-officer items, a photo, a reload in the middle,
 * signatures, finish; then a new page in the same context finds everything and the outbox
 * holds exactly the changes made.
 */
import { expect, test, type Page } from '@playwright/test';
import { addOfficer, choose, demo, signIn, drawOn, readStore, startInspection, waitForServiceWorker, type RawOutboxEntry } from './helpers';
import { encodePng } from '../../scripts/lib/png.js';

/** A 7.7-megapixel "camera photo" (gradient, so it does not compress to nothing). */
const bigPhoto = {
	name: 'IMG_0001.png',
	mimeType: 'image/png',
	buffer: encodePng(3200, 2400, (u: number, v: number) => [Math.round(u * 255), Math.round(v * 255), 128, 255])
};

const OFFICER_1 = 'Lê Văn Cường';
const OFFICER_2 = 'Phạm Thị Dung';

/** What the test did, as the outbox should record it: name plus item/officer where relevant. */
const expected: string[] = [];
const did = (name: string, detail = '') => expected.push(detail ? `${name} ${detail}` : name);

async function pass(page: Page, itemId: string, officer = '') {
	await choose(page, officer ? `${itemId} — ${officer}` : itemId, 'Đạt');
	did('answerItem', `${itemId}|${officer}`);
}
async function fail(page: Page, itemId: string, officer = '') {
	await choose(page, officer ? `${itemId} — ${officer}` : itemId, 'Không đạt');
	did('answerItem', `${itemId}|${officer}`);
}
async function figures(page: Page, itemId: string, first: number, second: number | null) {
	const group = page.getByRole('group', { name: itemId, exact: true });
	const inputs = group.getByRole('spinbutton');
	if (second !== null) {
		await inputs.nth(0).fill(String(first));
		await inputs.nth(0).blur();
		await inputs.nth(1).fill(String(second));
		await inputs.nth(1).blur();
	} else {
		// A sample: only the passed count; the size keeps the template's default.
		await inputs.nth(0).fill(String(first));
		await inputs.nth(0).blur();
	}
	did('answerItem', `${itemId}|`);
}

test('a whole inspection offline survives reloads and a new page, with exact scores and outbox', async ({ context, page }) => {
	await signIn(page, demo.inspector);
	await waitForServiceWorker(page);
	await context.setOffline(true);

	// Start
	await startInspection(page, 'hoan kiem', /Phường Hoàn Kiếm/);
	await context.grantPermissions(['geolocation']);
	await context.setGeolocation({ latitude: 21.02851, longitude: 105.85238, accuracy: 12 });
	await page.getByRole('button', { name: 'Lấy vị trí GPS' }).click();
	await expect(page.getByTestId('position')).toHaveText('21.02851, 105.85238 (± 12 m)');
	await page.locator('#rep-name-0').fill('Trần Thị Bình');
	await page.locator('#rep-position-0').fill('Phó Chủ tịch UBND phường');
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Phường Hoàn Kiếm' })).toBeVisible();
	did('createInspection');
	const inspectionUrl = page.url();

	// Officers
	for (const name of [OFFICER_1, OFFICER_2]) {
		await addOfficer(page, name);
		did('addOfficer');
	}

	// A: all pass except the A2 sample (4 of 5); A1 counted 50/50; a note and a photo on A2.
	await page.getByRole('link', { name: /^A\./ }).click();
	await figures(page, 'A1', 50, 50);
	await figures(page, 'A2', 4, null);
	for (const id of ['A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9', 'A10']) await pass(page, id);
	await page.getByLabel('Ghi chú A2').fill('Thiếu mẫu đơn ở 1 TTHC');
	await page.getByLabel('Ghi chú A2').blur();
	did('answerItem', 'A2|');
	await page.getByLabel('Thêm ảnh A2').setInputFiles(bigPhoto);
	await expect(page.getByRole('img', { name: 'Ảnh minh chứng A2' })).toBeVisible();
	did('attachPhoto');
	await expect(page.getByTestId('section-progress')).toHaveText('Đã trả lời 10/10');

	// B: all pass except B4 (10 seats for 20 waiting); B14 not applicable.
	await page.getByRole('link', { name: 'Phần B →' }).click();
	for (let n = 1; n <= 13; n++) if (n !== 4) await pass(page, `B${n}`);
	await figures(page, 'B4', 10, 20);
	await choose(page, 'B14', 'Không áp dụng');
	did('answerItem', 'B14|');

	// Reload in the middle, offline: the service worker serves the shell, the data is there.
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: /^B\./ })).toBeVisible();
	await expect(page.getByTestId('section-progress')).toHaveText('Đã trả lời 14/14');
	await expect(page.getByRole('group', { name: 'B14', exact: true }).getByRole('button', { name: 'Không áp dụng' })).toHaveAttribute(
		'aria-pressed',
		'true'
	);

	// C: C1 3/3; officer 2 without ID card (C7); C11 sample 3/3.
	await page.getByRole('link', { name: 'Phần C →' }).click();
	await figures(page, 'C1', 3, 3);
	for (const id of ['C2', 'C3', 'C4', 'C5']) await pass(page, id);
	for (const id of ['C6', 'C7', 'C8', 'C9', 'C10']) {
		await pass(page, id, OFFICER_1);
		if (id === 'C7') await fail(page, id, OFFICER_2);
		else await pass(page, id, OFFICER_2);
	}
	await figures(page, 'C11', 3, null);
	await expect(page.getByTestId('section-progress')).toHaveText('Đã trả lời 16/16');

	// D: officer 1 all pass; officer 2 fails D1, D5 not observed.
	await page.getByRole('link', { name: 'Phần D →' }).click();
	for (let n = 1; n <= 13; n++) {
		await pass(page, `D${n}`, OFFICER_1);
		if (n === 1) await fail(page, 'D1', OFFICER_2);
		else if (n === 5) {
			await choose(page, `D5 — ${OFFICER_2}`, 'Không quan sát được');
			did('answerItem', `D5|${OFFICER_2}`);
		} else await pass(page, `D${n}`, OFFICER_2);
	}
	await expect(page.getByTestId('section-progress')).toHaveText('Đã trả lời 26/26');

	// Summary: scores computed by hand from the answers above (weights: critical items count 2).
	// A 12/13, B 12/13, C 13.5/14, D 15.5/16; overall is their mean = 0.9448.
	await page.getByRole('link', { name: 'Xem kết quả →' }).click();
	await expect(page.getByTestId('score-A')).toHaveText('92%');
	await expect(page.getByTestId('score-B')).toHaveText('92%');
	await expect(page.getByTestId('score-C')).toHaveText('96%');
	await expect(page.getByTestId('score-D')).toHaveText('97%');
	await expect(page.getByTestId('score-overall')).toHaveText('94%');
	await expect(page.getByTestId('grade')).toHaveText('Tốt');
	for (const id of ['A2', 'B4', 'C7', 'D1']) await expect(page.getByTestId(`finding-${id}`)).toBeVisible();
	await expect(page.locator('li[data-testid^="finding-"]')).toHaveCount(4);
	await expect(page.getByTestId('finding-C7')).toContainText(OFFICER_2);

	// Sign both and finish.
	await page.getByRole('link', { name: 'Ký biên bản →' }).click();
	for (const role of ['inspector', 'unit_rep']) {
		const block = page.getByTestId(`signature-${role}`);
		await drawOn(page, block.locator('canvas'));
		await block.getByRole('button', { name: 'Lưu chữ ký' }).click();
		await expect(block.getByRole('img')).toBeVisible();
		did('signInspection');
	}
	await page.getByRole('button', { name: 'Hoàn thành biên bản' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Kiểm tra đột xuất Bộ phận Một cửa' })).toBeVisible();
	did('submitInspection');

	// Close the page; a new page in the same (still offline) context finds everything.
	await page.close();
	const again = await context.newPage();
	await again.goto('/');
	await expect(again.getByRole('link', { name: /Phường Hoàn Kiếm/ }).getByTestId('inspection-state')).toHaveText(
		'Đã hoàn thành · chờ đồng bộ'
	);
	await again.goto(inspectionUrl);
	await expect(again.getByTestId('overall-progress')).toHaveText('Đã trả lời 66/66');
	await expect(again.getByText('GPS ± 12 m')).toBeVisible();
	await again.goto(`${inspectionUrl}/sections/A`);
	await expect(again.getByRole('img', { name: 'Ảnh minh chứng A2' })).toBeVisible();
	await expect(again.getByLabel('Ghi chú A2')).toHaveValue('Thiếu mẫu đơn ở 1 TTHC');
	await again.goto(`${inspectionUrl}/summary`);
	await expect(again.getByTestId('score-overall')).toHaveText('94%');
	await expect(again.locator('li[data-testid^="finding-"]')).toHaveCount(4);
	await again.goto(`${inspectionUrl}/sign`);
	await expect(again.getByTestId('signature-inspector').getByRole('img')).toBeVisible();
	await expect(again.getByTestId('signature-unit_rep').getByRole('img')).toBeVisible();

	// The outbox holds exactly the changes made, in order, with gapless sequence numbers.
	const outbox = await readStore<RawOutboxEntry>(again, 'outbox');
	const officers = await readStore<{ id: string; name: string }>(again, 'officers');
	const nameOf = new Map(officers.map((o) => [o.id, o.name]));
	const actual = outbox.map((e) => {
		const { name, args } = e.mutation;
		if (name !== 'answerItem') return name;
		return `${name} ${String(args.itemId)}|${nameOf.get(String(args.officerId)) ?? ''}`;
	});
	expect(actual).toEqual(expected);
	expect(outbox.map((e) => e.mutation.seq)).toEqual(outbox.map((_, i) => i + 1));
	expect(outbox.every((e) => e.state === 'pending')).toBe(true);
	// Compressed on the device: JPEG, long side 1600 px.
	const [photo] = await readStore<{ sha256: string; mime: string; width: number; height: number }>(again, 'photos');
	expect(photo?.mime).toBe('image/jpeg');
	expect([photo?.width, photo?.height]).toEqual([1600, 1200]);
	const blobs = await readStore<{ sha256: string; bytes: ArrayBuffer }>(again, 'blobs');
	expect(blobs.map((b) => b.sha256)).toContain(photo?.sha256);
});
