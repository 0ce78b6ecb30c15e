/**
 * Bridges a Dexie liveQuery into runes: `current` re-renders whenever the queried tables
 * change, in this tab or another. Subscribes only while something reads it, against the signed-in
 * user's database (session.svelte.ts).
 *
 * Dexie loads after an inspector page's first paint (issue 20), so a Live reads in one of three ways:
 * - `new Live(query)`: a screen that needs Dexie's whole API loads it at once and reads through it;
 * - `Live.early(query)`: a first paint reads straight from IndexedDB (device-reads.ts), then
 *   follows Dexie's liveQuery once something has loaded it (the layout does after the first paint,
 *   an action at once);
 * - `Live.afterDexie(query)`: nothing until then (a panel whose figures may come a moment later).
 */
import { createSubscriber } from 'svelte/reactivity';
import type { AppDb } from './app-db';
import type { DeviceReads } from './device-reads';
import { loadDexie } from './dexie-loader';
import { session } from './session.svelte';

type Start = 'load-dexie' | 'read-early' | 'wait-for-dexie';

export class Live<T> {
	#value = $state<T | undefined>(undefined);
	#error = $state<unknown>(null);
	#loaded = $state(false);
	#subscribe: () => void;

	/** A read through Dexie, which it loads when it is not yet. */
	constructor(query: (db: AppDb) => Promise<T>);
	constructor(query: (db: AppDb) => Promise<T>, start: Start, early?: (db: DeviceReads) => Promise<T>);
	constructor(query: (db: AppDb) => Promise<T>, start: Start = 'load-dexie', early?: (db: DeviceReads) => Promise<T>) {
		this.#subscribe = createSubscriber((update) => {
			let stopped = false;
			let live = false;
			let unsubscribe = () => {};
			const show = (value: T) => {
				this.#value = value;
				this.#loaded = true;
				update();
			};
			if (early && !session.loadedDb)
				early(session.reads).then(
					(value) => {
						if (!stopped && !live) show(value);
					},
					// Not readable directly (a schema Dexie has yet to upgrade): Dexie's read will come.
					(error: unknown) => console.warn('[live] read before Dexie', error)
				);
			// `opened` never loads Dexie itself; once it resolves, Dexie's module is there to take.
			const dexie = start === 'load-dexie' ? session.db : session.opened;
			void dexie.then(async (db) => {
				const { liveQuery } = await loadDexie();
				if (stopped) return;
				const sub = liveQuery(() => query(db)).subscribe({
					next: (value) => {
						live = true;
						show(value);
					},
					error: (e) => {
						this.#error = e;
						update();
					}
				});
				unsubscribe = () => sub.unsubscribe();
			});
			return () => {
				stopped = true;
				unsubscribe();
			};
		});
	}

	/** A read a first paint shows: from IndexedDB directly, live through Dexie once it is loaded. */
	static early<T>(query: (db: DeviceReads) => Promise<T>): Live<T> {
		return new Live(query, 'read-early', query);
	}

	/** A read through Dexie once something else has loaded it; nothing before. */
	static afterDexie<T>(query: (db: AppDb) => Promise<T>): Live<T> {
		return new Live(query, 'wait-for-dexie');
	}

	get current(): T | undefined {
		this.#subscribe();
		return this.#value;
	}
	get loaded(): boolean {
		this.#subscribe();
		return this.#loaded;
	}
	get error(): unknown {
		this.#subscribe();
		return this.#error;
	}
}
