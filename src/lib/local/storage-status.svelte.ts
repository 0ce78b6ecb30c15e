/**
 * Persistent-storage permission and quota, shown to the inspector. Safari may evict
 * script-writable storage after 7 days without a visit unless persisted or installed.
 */
import type { AppDb } from './app-db';

/** Storage is running low below this share of the quota left… */
export const LOW_SHARE = 0.15;
/** …or below this many bytes left (about a hundred photos), whichever comes first. */
export const LOW_BYTES = 100 * 1024 * 1024;

/** Little room left: warn before the next photo, not after a refused write. Unknown → not low. */
export function isLow(usage: number | null, quota: number | null): boolean {
	if (usage === null || quota === null || quota <= 0) return false;
	const left = Math.max(0, quota - usage);
	return left < LOW_BYTES || left / quota < LOW_SHARE;
}

export class StorageStatus {
	persisted = $state<boolean | null>(null);
	usage = $state<number | null>(null);
	quota = $state<number | null>(null);
	/** Photos (and signatures) stored since the watch began: each is a moment to repeat a warning. */
	blobsAdded = $state(0);
	#asked = false;
	#pending: ReturnType<typeof setTimeout> | undefined;

	/** Asks once for persistence (Chromium may grant silently for installed apps), then reads usage. */
	async refresh(askPersist = true) {
		const s = typeof navigator !== 'undefined' ? navigator.storage : undefined;
		if (!s) return;
		try {
			let p = (await s.persisted?.()) ?? null;
			if (!p && askPersist && s.persist) p = await s.persist();
			this.persisted = p;
		} catch {
			this.persisted = false;
		}
		try {
			const e = await s.estimate();
			this.usage = e.usage ?? null;
			this.quota = e.quota ?? null;
		} catch {
			/* estimate unsupported: leave unknown */
		}
	}

	get available(): number | null {
		return this.quota === null || this.usage === null ? null : Math.max(0, this.quota - this.usage);
	}

	get low(): boolean {
		return isLow(this.usage, this.quota);
	}

	/**
	 * Keeps the figures current while the app runs: after every local change (debounced; a photo
	 * is the big one) and when the page becomes visible again. The first change of the session is
	 * the moment to ask for persistence: from then on there is work that eviction would lose (asking
	 * on a first visit, before anything is stored, makes Firefox prompt for no visible reason).
	 */
	watch(db: AppDb): () => void {
		let changed = false;
		const refreshSoon = () => {
			clearTimeout(this.#pending);
			this.#pending = setTimeout(() => {
				const ask = changed && !this.#asked && this.persisted !== true;
				if (ask) this.#asked = true;
				void this.refresh(ask);
			}, 1000);
		};
		const onChange = () => {
			changed = true;
			refreshSoon();
		};
		const onBlob = () => {
			this.blobsAdded++;
			onChange();
		};
		const visible = () => document.visibilityState === 'visible' && refreshSoon();
		db.outbox.hook('creating', onChange);
		db.blobs.hook('creating', onBlob);
		document.addEventListener('visibilitychange', visible);
		void this.refresh(false);
		return () => {
			db.outbox.hook('creating').unsubscribe(onChange);
			db.blobs.hook('creating').unsubscribe(onBlob);
			document.removeEventListener('visibilitychange', visible);
			clearTimeout(this.#pending);
		};
	}
}

/** The one status the app shows (home card, storage warning). */
export const storageStatus = new StorageStatus();

/** Before storing a photo: is there room for `bytes` plus a safety margin? Unknown → yes. */
export async function hasRoomFor(bytes: number): Promise<boolean> {
	try {
		const e = await navigator.storage?.estimate?.();
		if (!e?.quota || e.usage === undefined) return true;
		return e.quota - e.usage > bytes * 2 + 1024 * 1024;
	} catch {
		return true;
	}
}

export function formatBytes(n: number | null): string {
	if (n === null) return '—';
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let i = 0;
	let v = n;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	return `${v.toLocaleString('vi-VN', { maximumFractionDigits: i === 0 ? 0 : 1 })} ${units[i]}`;
}
