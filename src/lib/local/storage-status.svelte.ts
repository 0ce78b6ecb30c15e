/**
 * Persistent-storage permission and quota, shown to the inspector. Safari may evict
 * script-writable storage after 7 days without a visit unless persisted or installed.
 */
export class StorageStatus {
	persisted = $state<boolean | null>(null);
	usage = $state<number | null>(null);
	quota = $state<number | null>(null);

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
}

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
