/**
 * Keeping a Dexie transaction alive across an `import()`, for modules that must not load Dexie
 * themselves (template-cache.ts is read by the first paint, before Dexie has loaded: issue 20).
 */
import type { Dexie } from 'dexie';

/** Set by app-db.ts when it runs, however it was imported (dexie-loader.ts, a test, the service worker). */
let dexie: typeof Dexie | null = null;

export function dexieArrived(library: typeof Dexie): void {
	dexie = library;
}

/**
 * `work` awaited so that a Dexie transaction running it stays alive: IndexedDB ends a transaction
 * that waits on anything else (an `import()`), `Dexie.waitFor` keeps it open. With Dexie not yet
 * loaded there is no transaction to keep.
 */
export function keptInTransaction<T>(work: Promise<T>): Promise<T> {
	return dexie?.currentTransaction ? dexie.waitFor(work) : work;
}
