/** Shared steps for browser tests: service-worker readiness, raw IndexedDB reads, drawing. */
import { expect, type Locator, type Page } from '@playwright/test';

export const DEVICE_DB = 'kiem-tra-mot-cua:thiet-bi';

/** Waits until the page is controlled by the service worker and the precache is complete. */
export async function waitForServiceWorker(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller)
			await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
	});
}

export interface RawOutboxEntry {
	state: string;
	mutation: { name: string; seq: number; mutationId: string; args: Record<string, unknown> };
}

/** Reads a whole object store straight from IndexedDB, bypassing the app's code. */
export function readStore<T>(page: Page, store: string, dbName = DEVICE_DB): Promise<T[]> {
	return page.evaluate(
		([dbName, store]) =>
			new Promise<T[]>((resolve, reject) => {
				const open = indexedDB.open(dbName!);
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const req = db.transaction(store!, 'readonly').objectStore(store!).getAll();
					req.onsuccess = () => {
						resolve(req.result as T[]);
						db.close();
					};
					req.onerror = () => reject(req.error);
				};
			}),
		[dbName, store]
	);
}

/** Draws a short zig-zag on a signature canvas with real pointer events. */
export async function drawOn(page: Page, canvas: Locator) {
	const box = await canvas.boundingBox();
	if (!box) throw new Error('canvas not visible');
	await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * 0.6);
	await page.mouse.down();
	for (const [fx, fy] of [[0.3, 0.3], [0.45, 0.7], [0.6, 0.35], [0.8, 0.65]] as const)
		await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 5 });
	await page.mouse.up();
}

/** Clicks an answer button inside the item group and waits until it shows as chosen. */
export async function choose(page: Page, group: string, option: string) {
	const button = page.getByRole('group', { name: group, exact: true }).getByRole('button', { name: option, exact: true });
	await button.click();
	await expect(button).toHaveAttribute('aria-pressed', 'true');
}
