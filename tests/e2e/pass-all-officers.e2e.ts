/**
 * "Đạt — tất cả công chức" offline, in the item's card opened under its row of the officer grid:
 * on a per-officer item, the one fail given first stays, the other officers pass with one tap,
 * each answer is stored and queued as its own answerItem, and all of it is still there after a
 * reload.
 */
import { expect, test } from '@playwright/test';
import { addOfficer, choose, demo, readStore, signIn, startInspection, waitForServiceWorker, type RawOutboxEntry } from './helpers';

const OFFICERS = ['Lê Văn Cường', 'Phạm Thị Dung', 'Hoàng Văn Em'];

test('one tap passes every officer not yet answered, never the exception, offline and across a reload', async ({ context, page }) => {
	await signIn(page, demo.inspector);
	await waitForServiceWorker(page);
	await context.setOffline(true);

	await startInspection(page, 'hoan kiem', /Phường Hoàn Kiếm/);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Phường Hoàn Kiếm' })).toBeVisible();
	const inspectionId = page.url().split('/').pop()!;
	for (const name of OFFICERS) await addOfficer(page, name);

	await page.getByRole('link', { name: /^D\./ }).click();
	// D is the officer grid (issue 20): the item's card, with the button, opens under its row.
	const open = (itemId: string) =>
		page
			.getByRole('grid')
			.getByRole('button', { name: new RegExp(`^${itemId} [^—]`) })
			.click();
	await open('D1');
	const d1 = page.locator('article[data-item="D1"]');
	await choose(page, `D1 — ${OFFICERS[1]}`, 'Không đạt');
	await d1.getByRole('button', { name: '✓ Đạt — tất cả công chức' }).click();

	const pressed = (officer: string, option: string) =>
		expect(page.getByRole('grid').getByRole('button', { name: `D1 — ${officer}: ${option}`, exact: true })).toBeVisible();
	const shown = async () => {
		await pressed(OFFICERS[0]!, 'Đạt');
		await pressed(OFFICERS[1]!, 'Không đạt');
		await pressed(OFFICERS[2]!, 'Đạt');
		// Everyone answered: the button has nothing left to do and is gone; D2 still offers it.
		if (!(await d1.count())) await open('D1');
		await expect(d1.getByTestId('pass-all-officers')).toHaveCount(0);
		await open('D2');
		await expect(page.locator('article[data-item="D2"]').getByTestId('pass-all-officers')).toBeVisible();
	};
	await shown();

	const officers = await readStore<{ id: string; name: string; inspectionId: string }>(page, 'officers');
	const nameOf = new Map(officers.filter((o) => o.inspectionId === inspectionId).map((o) => [o.id, o.name]));
	const answers = async () =>
		(await readStore<{ inspectionId: string; itemId: string; officerId: string; value: { result?: string } | null }>(page, 'answers'))
			.filter((a) => a.inspectionId === inspectionId && a.itemId === 'D1')
			.map((a) => [nameOf.get(a.officerId), a.value?.result])
			.sort();
	const expected = [
		[OFFICERS[0], 'pass'],
		[OFFICERS[2], 'pass'],
		[OFFICERS[1], 'fail']
	].sort();
	expect(await answers()).toEqual(expected);
	// Queued exactly as three taps would be: the fail, then one answerItem per officer passed, in roster order.
	const queued = (await readStore<RawOutboxEntry>(page, 'outbox'))
		.filter((e) => e.mutation.name === 'answerItem' && e.mutation.args.inspectionId === inspectionId)
		.map((e) => [nameOf.get(String(e.mutation.args.officerId)), (e.mutation.args.value as { result: string }).result]);
	expect(queued).toEqual([
		[OFFICERS[1], 'fail'],
		[OFFICERS[0], 'pass'],
		[OFFICERS[2], 'pass']
	]);

	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: /^D\./ })).toBeVisible();
	await shown();
	expect(await answers()).toEqual(expected);
});
