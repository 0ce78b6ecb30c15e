/**
 * The feedback point at the counter (issue 19, must-shows 3 and 6; docs/feedback-point.md): the
 * ward makes its unit's point and prints the poster; a fresh browser context with no account opens
 * the poster's address, loses the network, still opens the page and answers, reads that the answer
 * waits on the phone, gets the network back and reads that it was sent — and the server holds it
 * exactly once, with no cookie ever set on the citizen's browser.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { getDocumentProxy } from 'unpdf';
import { demo, signIn } from './helpers';

/** Rows the running server stored with this comment (its SQLite file, read-only). */
function storedWith(comment: string): { responses: number; items: number } {
	const dataDir = process.env.E2E_DATA_DIR;
	expect(dataDir, 'playwright.config.ts hands the server’s DATA_DIR to the workers').toBeTruthy();
	const db = new SQLite(join(dataDir!, 'app.sqlite'), { readonly: true, fileMustExist: true });
	try {
		const like = `%${comment}%`;
		const responses = db.prepare('SELECT count(*) AS n FROM feedback_responses WHERE answers LIKE ?').get(like) as { n: number };
		const items = db.prepare('SELECT count(*) AS n FROM feedback_items WHERE text LIKE ?').get(like) as { n: number };
		return { responses: responses.n, items: items.n };
	} finally {
		db.close();
	}
}

test('a citizen with no account answers offline at the counter, and the answer is stored once when the network returns', async ({
	page,
	browser
}) => {
	// The ward makes its point (or keeps the one it has) and prints the poster.
	await signIn(page, demo.ward);
	await page.getByTestId('feedback-points-link').click();
	await expect(page.getByRole('heading', { level: 1, name: 'Điểm góp ý tại Bộ phận Một cửa' })).toBeVisible();
	const create = page.getByRole('button', { name: 'Tạo điểm góp ý' });
	const active = page.locator('[data-testid="feedback-point"][data-status="active"]');
	await expect(create.or(active)).toBeVisible();
	if (await create.isVisible()) await create.click();
	await active.getByRole('link', { name: 'In áp phích' }).click();
	const poster = page.getByTestId('feedback-poster');
	await expect(poster).toContainText('Phường Hoàn Kiếm');
	await expect(poster.getByRole('img')).toBeVisible();
	const url = (await page.getByTestId('poster-url').textContent())!.trim();
	expect(url).toMatch(/\/y\/[A-Za-z0-9_-]{43}$/);
	// Printed, the poster is one A4 page.
	await page.emulateMedia({ media: 'print' });
	const pdf = await getDocumentProxy(new Uint8Array(await page.pdf({ format: 'A4', preferCSSPageSize: true })));
	await page.emulateMedia({ media: 'screen' });
	expect(pdf.numPages).toBe(1);

	// A citizen's phone: a fresh browser, no account, never saw the app.
	const phone = await browser.newContext();
	const citizen = await phone.newPage();
	const first = await citizen.goto(url);
	expect(first?.status()).toBe(200);
	await expect(citizen.getByText('Phường Hoàn Kiếm')).toBeVisible();
	// Kept for offline use by the point's own service worker (scope /y/), not the app's.
	const scope = await citizen.evaluate(async () => (await navigator.serviceWorker.ready).scope);
	expect(new URL(scope).pathname).toBe('/y/');
	await expect
		.poll(() => citizen.evaluate(async (path) => !!(await (await caches.open('feedback-point-v1')).match(path)), new URL(url).pathname))
		.toBe(true);

	// No network: the page still opens, and the answer waits on the phone.
	await phone.setOffline(true);
	await citizen.reload();
	await expect(citizen.getByRole('button', { name: /Gửi ý kiến/ })).toBeVisible();
	const comment = `Chờ hơi lâu ở quầy đất đai ${randomUUID().slice(0, 8)}`;
	const q1 = citizen.getByRole('group', { name: /tìm đến và chờ đợi/ });
	// Each choice is a whole tile: its number and its word ("4 Hài lòng").
	await q1.getByRole('radio', { name: '4 Hài lòng' }).click();
	await expect(q1.getByRole('radio', { name: '4 Hài lòng' })).toBeChecked();
	await citizen
		.getByRole('group', { name: /đi lại nộp hoặc bổ sung/ })
		.getByRole('radio', { name: /^Không/ })
		.click();
	await citizen.getByRole('textbox').fill(comment);
	await citizen.getByRole('button', { name: /Gửi ý kiến/ }).click();
	await expect(citizen.getByText('Sẽ gửi khi có mạng', { exact: false })).toBeVisible();
	expect(storedWith(comment)).toEqual({ responses: 0, items: 0 });

	// The network returns: sent by itself, and said so.
	await phone.setOffline(false);
	await expect(citizen.getByText('Đã gửi. Cảm ơn ông/bà!')).toBeVisible();
	expect(storedWith(comment)).toEqual({ responses: 1, items: 1 });
	// Opening the page again sends nothing twice: the phone holds nothing more.
	await citizen.reload();
	await expect(citizen.getByRole('button', { name: /Gửi ý kiến/ })).toBeVisible();
	const waiting = await citizen.evaluate(() => (self as unknown as { feedbackOutbox: { all(): Promise<unknown[]> } }).feedbackOutbox.all());
	expect(waiting).toEqual([]);
	expect(storedWith(comment)).toEqual({ responses: 1, items: 1 });
	// Nothing was ever set on the citizen's browser.
	expect(await phone.cookies()).toEqual([]);

	// The ward rotates the code: the old poster's page, kept on the phone, now says it is out of date.
	await page.goto('/feedback-points');
	page.once('dialog', (dialog) => void dialog.accept());
	await active.getByRole('button', { name: 'Đổi mã QR' }).click();
	await expect(page.locator('[data-testid="feedback-point"][data-status="revoked"]').first()).toBeVisible();
	const stale = await citizen.reload();
	expect(stale?.status()).toBe(410);
	await expect(citizen.getByRole('alert')).toContainText('Mã QR này đã hết hiệu lực');
	await phone.close();
});
