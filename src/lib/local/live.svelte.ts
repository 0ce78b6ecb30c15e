/**
 * Bridges a Dexie liveQuery into runes: `current` re-renders whenever the queried tables
 * change, in this tab or another. Subscribes only while something reads it.
 */
import { liveQuery } from 'dexie';
import { createSubscriber } from 'svelte/reactivity';

export class Live<T> {
	#value = $state<T | undefined>(undefined);
	#error = $state<unknown>(null);
	#loaded = $state(false);
	#subscribe: () => void;

	constructor(query: () => Promise<T>) {
		this.#subscribe = createSubscriber((update) => {
			const sub = liveQuery(query).subscribe({
				next: (v) => {
					this.#value = v;
					this.#loaded = true;
					update();
				},
				error: (e) => {
					this.#error = e;
					update();
				}
			});
			return () => sub.unsubscribe();
		});
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
