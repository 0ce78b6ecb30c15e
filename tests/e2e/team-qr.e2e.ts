/**
 * A member's part passed to the trưởng đoàn's phone by QR codes with no network at all (issue 17,
 * must-show 3), end to end: a planned visit's team of two fresh inspectors on their own browser
 * contexts; both phones register their keys and the trưởng đoàn's holds the member's before the
 * visit. Offline, the member answers in their section and shows the QR sequence; each code is
 * captured as a PNG and given to the trưởng đoàn's "scan from image" input (the fallback where
 * there is no camera). A partial sequence merges nothing; the full one merges the answers with
 * the member as author and queues `relayPart`; the same codes again merge nothing. Later the
 * member's next part is read by the camera (Chromium's fake camera filming the captured codes).
 * Online, one sync on each phone: the relays are applied, and the member's own queue is answered
 * as already applied.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, expect, test, type APIRequest, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './chromium';
import { fakeCameraArgs, writeCameraVideo } from './fake-camera';
import { choose, demo, readStore, signIn, waitForServiceWorker, type RawOutboxEntry, syncRound } from './helpers';

interface Account {
	username: string;
	password: string;
	id: string;
}

interface StoredAnswer {
	inspectionId: string;
	itemId: string;
	value: unknown;
	answeredBy: string;
}

async function newInspector(
	playwright: { request: APIRequest },
	admin: APIRequestContext,
	baseURL: string,
	tag: string,
	n: number
): Promise<Account> {
	const username = `qr${n}.${tag}`;
	const password = `mat-khau-${tag}-${n}`;
	const created = await admin.post('/api/admin/users', {
		headers: { origin: baseURL },
		data: { username, displayName: `Kiểm tra QR ${n}`, role: 'inspector', provinceCode: 1, unitCode: null, password }
	});
	expect(created.status()).toBe(201);
	// An account an admin made must choose its own password first: done here, off screen.
	const own = await playwright.request.newContext({ baseURL });
	expect((await own.post('/api/auth/login', { data: { username, password } })).ok()).toBe(true);
	const chosen = `${password}-rieng`;
	const changed = await own.post('/api/auth/password', {
		headers: { origin: baseURL },
		data: { currentPassword: password, newPassword: chosen }
	});
	expect(changed.ok()).toBe(true);
	await own.dispose();
	return { username, password: chosen, id: ((await created.json()) as { user: { id: string } }).user.id };
}

async function phoneOf(browser: Browser, account: Account) {
	// Tall enough that a whole QR code shows below the sticky header without scrolling.
	const context = await browser.newContext({ viewport: { width: 800, height: 1200 } });
	context.setDefaultTimeout(30_000);
	const page = await context.newPage();
	await signIn(page, account);
	await waitForServiceWorker(page);
	return { context, page };
}

/** Pauses the member's QR sequence and saves each code as a PNG, by its index. */
async function captureCodes(page: Page, dir: string, name: string): Promise<Map<number, string>> {
	const code = page.getByTestId('qr-code');
	await expect(code).toBeVisible();
	await page.getByRole('button', { name: 'Dừng' }).click();
	const total = Number((await page.getByTestId('qr-counter').textContent())!.split('/')[1]);
	expect(total).toBeGreaterThanOrEqual(1);
	const pictures = new Map<number, string>();
	for (let n = 0; n < total; n++) {
		const index = Number(await code.getAttribute('data-index'));
		const path = join(dir, `${name}-${index}.png`);
		await code.screenshot({ path });
		pictures.set(index, path);
		await page.getByRole('button', { name: /Tiếp/ }).click();
	}
	expect([...pictures.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
	return pictures;
}

const answersOf = async (page: Page, id: string) =>
	(await readStore<StoredAnswer>(page, 'answers')).filter((a) => a.inspectionId === id).sort((a, b) => a.itemId.localeCompare(b.itemId));

test('a member’s section reaches the trưởng đoàn’s phone by QR codes (pictures, then camera) with the network off, then syncs once', async ({
	browser,
	playwright,
	baseURL
}) => {
	test.setTimeout(240_000);
	const admin = await playwright.request.newContext({ baseURL });
	expect((await admin.post('/api/auth/login', { data: demo.admin })).ok()).toBe(true);
	const supervisor = await playwright.request.newContext({ baseURL });
	expect((await supervisor.post('/api/auth/login', { data: demo.supervisor })).ok()).toBe(true);
	const tag = randomUUID().slice(0, 6);
	const leadAccount = await newInspector(playwright, admin, baseURL!, tag, 1);
	const memberAccount = await newInspector(playwright, admin, baseURL!, tag, 2);
	// The trưởng đoàn's phone has a camera: it films whatever `camera` holds when it starts.
	const dir = await mkdtemp(join(tmpdir(), 'ktmc-qr-'));
	const camera = join(dir, 'camera.y4m');
	await writeCameraVideo(camera, []);
	const leadBrowser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, ...fakeCameraArgs(camera)] });
	// Signing in syncs once: each phone makes its key and registers it while online.
	const lead = await phoneOf(leadBrowser, leadAccount);
	await lead.context.grantPermissions(['camera']);
	const member = await phoneOf(browser, memberAccount);

	// The planned visit: the trưởng đoàn starts it; the member takes section A.
	const id = randomUUID();
	const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
	const planned = await supervisor.post('/api/plans/inspections', {
		data: {
			id,
			unit: { code: 103, name: 'x', provinceCode: 1, provinceName: 'Thành phố Hà Nội' },
			windowStart: today,
			windowEnd: today,
			team: [
				{ userId: leadAccount.id, role: 'truong_doan' },
				{ userId: memberAccount.id, role: 'thanh_vien' }
			],
			basis: 'Kế hoạch số 17/KH-SNV'
		}
	});
	expect(planned.status()).toBe(201);
	await syncRound(lead.page);
	await lead.page.goto(`/visits/${id}`);
	await lead.page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(lead.page).toHaveURL(new RegExp(`/inspections/${id}$`));
	await syncRound(lead.page);
	await syncRound(member.page);
	await member.page.goto(`/inspections/${id}`);
	const panel = member.page.getByTestId('team-panel');
	await panel.getByRole('button', { name: 'Nhận lĩnh vực A' }).click();
	await expect(panel.locator('[data-testid="team-section"][data-section="A"]')).toHaveAttribute('data-holder', memberAccount.id);
	await syncRound(member.page);
	// Before the visit, online: the trưởng đoàn's phone pulls the holding and holds the member's key.
	await syncRound(lead.page);
	await expect
		.poll(async () => (await readStore<{ userId: string }>(lead.page, 'teamKeys')).map((k) => k.userId))
		.toContain(memberAccount.id);

	// No network at all from here.
	await Promise.all([lead.context.setOffline(true), member.context.setOffline(true)]);
	await member.page.goto(`/inspections/${id}/sections/A`);
	await choose(member.page, 'A3', 'Không đạt');
	await choose(member.page, 'A4', 'Đạt');

	// The member's phone shows the part as QR codes; each one is captured as a picture.
	await member.page.goto(`/inspections/${id}`);
	await member.page.getByRole('link', { name: 'Gửi phần việc của tôi bằng mã QR' }).click();
	const pictures = await captureCodes(member.page, dir, 'first');
	const total = pictures.size;

	// The trưởng đoàn's phone, still offline, reads the pictures.
	await lead.page.goto(`/inspections/${id}`);
	await lead.page.getByRole('link', { name: 'Nhận phần việc bằng mã QR' }).click();
	const input = lead.page.getByTestId('qr-pictures');
	const ordered = [...pictures.entries()].sort(([a], [b]) => b - a).map(([, path]) => path);
	if (total > 1) {
		// All but one: progress shown, nothing merged yet.
		await input.setInputFiles(ordered.slice(0, -1));
		await expect(lead.page.getByTestId('qr-progress')).toHaveText(`Đã đọc ${total - 1}/${total} mã`);
		expect((await answersOf(lead.page, id)).filter((a) => a.answeredBy === memberAccount.id)).toEqual([]);
	}
	await input.setInputFiles(ordered.slice(-1));
	await expect(lead.page.getByTestId('qr-merged')).toContainText('Đã gộp 2 thay đổi');
	const merged = await answersOf(lead.page, id);
	expect(merged.map((a) => [a.itemId, a.answeredBy, a.value])).toEqual([
		['A3', memberAccount.id, { kind: 'pass', result: 'fail' }],
		['A4', memberAccount.id, { kind: 'pass', result: 'pass' }]
	]);
	const queued = (await readStore<RawOutboxEntry>(lead.page, 'outbox')).map((e) => e.mutation.name);
	expect(queued).toEqual(['relayPart']);
	// The same codes read again merge nothing new.
	await lead.page.getByRole('button', { name: 'Nhận phần việc khác' }).click();
	await input.setInputFiles(ordered);
	await expect(lead.page.getByTestId('qr-merged')).toContainText('đã được gộp trước đây');
	expect((await readStore<RawOutboxEntry>(lead.page, 'outbox')).length).toBe(1);

	// Later in the visit the member answers one more item; this time the camera reads the codes.
	await member.page.goto(`/inspections/${id}/sections/A`);
	await choose(member.page, 'A5', 'Đạt');
	await member.page.goto(`/inspections/${id}/send-part`);
	const again = await captureCodes(member.page, dir, 'second');
	await writeCameraVideo(camera, [...again.values()]);
	await lead.page.getByRole('button', { name: 'Nhận phần việc khác' }).click();
	await lead.page.getByRole('button', { name: 'Bật camera' }).click();
	await expect(lead.page.getByTestId('qr-merged')).toContainText('Đã gộp 3 thay đổi', { timeout: 60_000 });
	expect((await answersOf(lead.page, id)).map((a) => [a.itemId, a.answeredBy])).toEqual([
		['A3', memberAccount.id],
		['A4', memberAccount.id],
		['A5', memberAccount.id]
	]);
	expect((await readStore<RawOutboxEntry>(lead.page, 'outbox')).map((e) => e.mutation.name)).toEqual(['relayPart', 'relayPart']);

	// Online again: one sync each. The relay applies; the member's queue is answered as applied.
	await lead.context.setOffline(false);
	await syncRound(lead.page);
	await member.context.setOffline(false);
	await syncRound(member.page);
	expect(await readStore<RawOutboxEntry>(member.page, 'outbox')).toEqual([]);
	expect(await readStore<RawOutboxEntry>(lead.page, 'outbox')).toEqual([]);
	const onServer = await answersOf(member.page, id);
	expect(onServer.map((a) => [a.itemId, a.answeredBy])).toEqual([
		['A3', memberAccount.id],
		['A4', memberAccount.id],
		['A5', memberAccount.id]
	]);

	await Promise.all([lead.context.close(), member.context.close(), admin.dispose(), supervisor.dispose()]);
	await leadBrowser.close();
});
