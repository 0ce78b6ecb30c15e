/** Shared steps for browser tests: service-worker readiness, raw IndexedDB reads, drawing. */
import { expect, type Locator, type Page } from '@playwright/test';

/** Waits until the page is controlled by the service worker and the precache is complete. */
export async function waitForServiceWorker(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller)
			await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
	});
}

/**
 * Taps "Đồng bộ ngay" on the sync panel of the page shown (the home page unless `stay`) and
 * waits for a round begun after the tap to end with nothing left to send. The round's end is
 * asked every 100 ms: Playwright's default back-off (100, 250, 500, 1,000 ms) found a round
 * of a few hundred milliseconds over at 1.9 s, and the team specs wait for dozens of rounds.
 */
export async function syncRound(page: Page, { stay = false } = {}) {
	if (!stay) await page.goto('/');
	const panel = page.getByTestId('sync-panel');
	const button = panel.getByRole('button', { name: 'Đồng bộ ngay' });
	// The button is off while a round runs: counted before it ends, that round would pass for ours.
	await expect(button).toBeEnabled({ timeout: 30_000 });
	const started = Number(await panel.getAttribute('data-rounds-started'));
	await button.click();
	await expect
		.poll(async () => Number(await panel.getAttribute('data-rounds-ended')), { timeout: 30_000, intervals: [100] })
		.toBeGreaterThan(started);
	await expect(panel.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 0', { timeout: 30_000 });
}

export interface RawOutboxEntry {
	state: string;
	mutation: { name: string; seq: number; mutationId: string; args: Record<string, unknown> };
}

/**
 * Reads a whole object store straight from IndexedDB, bypassing the app's code; by default
 * from the database of the user signed in on that page.
 */
export function readStore<T>(page: Page, store: string, dbName?: string): Promise<T[]> {
	return page.evaluate(
		([dbName, store]) =>
			new Promise<T[]>((resolve, reject) => {
				const user = JSON.parse(localStorage.getItem('kiem-tra-mot-cua:user') ?? 'null') as { id: string } | null;
				const open = indexedDB.open(dbName || `kiem-tra-mot-cua:${user?.id}`);
				open.onerror = () => reject(open.error ?? new Error('could not open the database'));
				open.onsuccess = () => {
					const db = open.result;
					const req = db.transaction(store!, 'readonly').objectStore(store!).getAll();
					req.onsuccess = () => {
						resolve(req.result as T[]);
						db.close();
					};
					req.onerror = () => reject(req.error ?? new Error(`could not read ${store}`));
				};
			}),
		[dbName ?? '', store]
	);
}

/** Draws a short zig-zag on a signature canvas with real pointer events. */
export async function drawOn(page: Page, canvas: Locator) {
	// Mouse events land only inside the viewport.
	await canvas.scrollIntoViewIfNeeded();
	const box = await canvas.boundingBox();
	if (!box) throw new Error('canvas not visible');
	await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * 0.6);
	await page.mouse.down();
	for (const [fx, fy] of [
		[0.3, 0.3],
		[0.45, 0.7],
		[0.6, 0.35],
		[0.8, 0.65]
	] as const)
		await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 5 });
	await page.mouse.up();
}

/**
 * Clicks an answer button inside the item group and waits until it shows as chosen. A per-officer
 * pass/fail item shown in the officer grid (issue 20; `group` is "D1 — <officer>") has no group
 * until its row is opened: its cell is tapped round its cycle until it says `option`.
 */
export async function choose(page: Page, group: string, option: string) {
	const groups = page.getByRole('group', { name: group, exact: true });
	const cell = page.getByRole('grid').getByRole('button', { name: `${group}: `, exact: false });
	await expect(groups.or(cell).first()).toBeVisible();
	if ((await groups.count()) === 0) {
		for (let tap = 0; tap < 4 && (await cell.getAttribute('aria-label')) !== `${group}: ${option}`; tap++) {
			const before = await cell.getAttribute('aria-label');
			await cell.click();
			await expect(cell).not.toHaveAttribute('aria-label', before!);
		}
		await expect(cell).toHaveAttribute('aria-label', `${group}: ${option}`);
		return;
	}
	const button = groups.getByRole('button', { name: option, exact: true });
	await button.click();
	await expect(button).toHaveAttribute('aria-pressed', 'true');
}

/** From the inspector's home page: start an inspection of the commune found by `search`. */
export async function startInspection(
	page: Page,
	search: string,
	communeName: RegExp,
	leader = 'Nguyễn Văn An',
	unplannedReason = 'Phản ánh của người dân về thái độ phục vụ'
) {
	await page.getByRole('link', { name: 'Bắt đầu cuộc kiểm tra mới' }).click();
	await page.getByLabel('Tìm xã, phường, đặc khu').fill(search);
	await page.getByRole('button', { name: communeName }).click();
	await page.getByLabel('Họ và tên (1)').first().fill(leader);
	// A visit no plan ordered needs its reason (planned ones start from "Chuyến kiểm tra của tôi").
	await page.getByLabel('Lý do kiểm tra ngoài kế hoạch').fill(unplannedReason);
}

/** Adds an officer on the inspection's overview page and waits until it is listed. */
export async function addOfficer(page: Page, name: string) {
	await page.getByLabel('Họ tên công chức').fill(name);
	await page.getByRole('button', { name: '+ Thêm công chức' }).click();
	await expect(page.getByRole('listitem').filter({ hasText: name })).toBeVisible();
}

/** The demo accounts `npm start` creates on an empty database (README). */
export const demo = {
	admin: { username: 'admin', password: 'demo-admin-2025' },
	supervisor: { username: 'giamsat', password: 'demo-giamsat-2025' },
	inspector: { username: 'kiemtra', password: 'demo-kiemtra-2025' },
	inspector2: { username: 'kiemtra2', password: 'demo-kiemtra2-2025' },
	ward: { username: 'phuong', password: 'demo-phuong-2025' },
	ward2: { username: 'phuong2', password: 'demo-phuong2-2025' }
} as const;

/** Signs in through the login page (needs the network, like a first sign-in on a phone). */
export async function signIn(page: Page, account: { username: string; password: string }, base = '') {
	await page.goto(`${base}/login`);
	await page.getByLabel('Tên đăng nhập').fill(account.username);
	await page.getByLabel('Mật khẩu').fill(account.password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/**
 * Finishes the checklist the way the completeness rule allows: on every section page, each item
 * (each officer's cell in the grid) still unanswered is marked with its "not applicable" answer
 * (Không áp dụng / Không quan sát được). Items answered with a button or with figures are left as they are.
 */
export async function markRestNotApplicable(page: Page, inspectionId: string) {
	await page.goto(`/inspections/${inspectionId}`);
	const links = page.locator('a.section-link');
	await expect(links.first()).toBeVisible();
	const sections = (await links.allTextContents()).map((t) => t.trim()[0]!);
	for (const id of sections) {
		await page.goto(`/inspections/${inspectionId}/sections/${id}`);
		await expect(page.getByTestId('section-progress')).toBeVisible();
		// Tapped one after another as a hurried inspector would, without waiting for each tap to
		// show (each is an action of its own, saved in its own transaction; the grid cycles on from
		// a tap not yet saved): every empty cell of the officer grid three times (Đạt, Không đạt,
		// then the "not applicable" answer), and every other unanswered item's "not applicable".
		// The cells' states and the section's count then say whether every tap was kept. Waiting
		// on each tap took 18 s a checklist, in nine specs.
		const grid = page.locator('[data-testid="officer-grid"]');
		const slots = await grid.locator('button[data-state="unanswered"]').evaluateAll((cells) =>
			cells.map((cell) => {
				for (let tap = 0; tap < 3; tap++) (cell as HTMLButtonElement).click();
				return cell.getAttribute('data-slot')!;
			})
		);
		await page.locator('.controls[role="group"]').evaluateAll((groups) => {
			for (const group of groups) {
				if (group.querySelector('button[aria-pressed="true"]')) continue;
				const figures = group.querySelector<HTMLInputElement>('input[type="number"]');
				if (figures && figures.value !== '') continue;
				group.querySelector<HTMLButtonElement>('button.na')?.click();
			}
		});
		for (const slot of slots) await expect(grid.locator(`button[data-slot="${slot}"]`)).toHaveAttribute('data-state', 'na');
		await expect(page.getByTestId('section-progress')).toHaveText(/Đã trả lời (\d+)\/\1$/);
	}
}

/** On the sign page, the team's head and the unit's representative (Trần Thị Bình) both draw and save a signature. */
export async function signBoth(page: Page, inspectionId: string) {
	await page.goto(`/inspections/${inspectionId}/sign`);
	for (const role of ['inspector', 'unit_rep']) {
		const block = page.getByTestId(`signature-${role}`);
		if (role === 'unit_rep') await block.getByLabel('Họ tên người ký').fill('Trần Thị Bình');
		await drawOn(page, block.locator('canvas'));
		await block.getByRole('button', { name: 'Lưu chữ ký' }).click();
		await expect(block.getByRole('img')).toBeVisible();
	}
}

/**
 * Loads older pages of the audit trail until `wanted` is listed. Specs share one server, so in a
 * full run other specs' entries come after (above) the ones a spec looks for.
 */
export async function showAuditRowsUntil(page: Page, wanted: Locator) {
	const rows = page.getByTestId('audit-row');
	const older = page.locator('button.more');
	while ((await wanted.count()) === 0 && (await older.isVisible())) {
		const before = await rows.count();
		await older.click();
		await expect.poll(() => rows.count()).toBeGreaterThan(before);
	}
}
