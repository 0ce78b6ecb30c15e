/**
 * Dexie (app-db.ts and the library with it), loaded on demand: the inspector's pages paint first
 * from IndexedDB directly (raw-reads.ts) and load Dexie afterwards, for their live reads and
 * every write (issue 20: first load ≤ 100 KB, offline cold start ≤ 1 s). Asked for by `session`
 * and `Live` only. The service worker imports app-db.ts statically (it cannot load on demand).
 */
import type * as AppDbModule from './app-db';

let loading: Promise<typeof AppDbModule> | null = null;

export function loadDexie(): Promise<typeof AppDbModule> {
	loading ??= import('./app-db');
	return loading;
}
