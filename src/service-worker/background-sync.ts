/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Background Sync (Chromium only): when the network returns after the app was closed, the
 * browser wakes the service worker with this tag. An open window does the round itself (it
 * holds the sync lock and shows progress); with no window open, the worker syncs every
 * user's local database on this device.
 */
import { AppDb } from '$lib/local/app-db';
import { syncOnce } from '$lib/local/sync/sync-engine';
import { httpTransport } from '$lib/local/sync/transport';

export const SYNC_TAG = 'kiem-tra-mot-cua-sync';
const DB_PREFIX = 'kiem-tra-mot-cua:';

export async function backgroundSync(sw: ServiceWorkerGlobalScope): Promise<void> {
	const windows = await sw.clients.matchAll({ type: 'window' });
	if (windows.length > 0) {
		for (const w of windows) w.postMessage({ type: 'SYNC_NOW' });
		return;
	}
	const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith(DB_PREFIX));
	for (const name of names) {
		const db = new AppDb(name);
		try {
			await syncOnce(db, httpTransport());
		} finally {
			db.close();
		}
	}
}
