/**
 * Issue 20: the inspector's pages paint from IndexedDB directly and load Dexie only after the first
 * paint (src/lib/local/raw-reads.ts, live.svelte.ts). A section opened cold, offline, in a new page:
 * an answer tapped the moment the items show — within the second the page waits before loading
 * Dexie — waits for Dexie instead of failing, is stored with its outbox entry, and the page follows
 * the change (Dexie's liveQuery takes over from the first read); a reload finds it.
 */
import { expect, test } from '@playwright/test';
import { demo, readStore, signIn, startInspection, waitForServiceWorker } from './helpers';

test('an answer tapped the moment a section shows, before Dexie has loaded, is stored and shown, offline', async ({ context, page }) => {
	await signIn(page, demo.inspector);
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await startInspection(page, 'hoan kiem', /Phường Hoàn Kiếm/);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Phường Hoàn Kiếm' })).toBeVisible();
	const inspectionId = page.url().split('/').pop()!;
	await page.close();

	const cold = await context.newPage();
	await cold.goto(`/inspections/${inspectionId}/sections/A`);
	const pass = cold.getByRole('group', { name: 'A3', exact: true }).getByRole('button', { name: 'Đạt', exact: true });
	await pass.click();
	await expect(pass).toHaveAttribute('aria-pressed', 'true');
	await expect(cold.getByTestId('section-progress')).toHaveText('Đã trả lời 1/13');

	const answers = await readStore<{ inspectionId: string; itemId: string; value: { result?: string } | null }>(cold, 'answers');
	expect(answers.filter((a) => a.inspectionId === inspectionId).map((a) => [a.itemId, a.value?.result])).toEqual([['A3', 'pass']]);
	const outbox = await readStore<{ mutation: { name: string } }>(cold, 'outbox');
	expect(outbox.map((e) => e.mutation.name)).toContain('answerItem');

	await cold.reload();
	await expect(pass).toHaveAttribute('aria-pressed', 'true');
	await expect(cold.getByTestId('section-progress')).toHaveText('Đã trả lời 1/13');
});
