/**
 * An edit kept on the device, synchronously, until the device database has it. A Dexie write is
 * asynchronous and a reload or a closed tab aborts it; localStorage is written at once. So a
 * field writes here first, saves, and clears this once the save went through; a page that finds
 * an edit still kept (the save never finished) saves it again.
 */
const prefix = 'kiem-tra-mot-cua:pending:';

export function keepPending(key: string, value: string): void {
	try {
		localStorage.setItem(prefix + key, value);
	} catch {
		// Storage full or blocked: the save below still runs; only the reload guard is lost.
	}
}

export function clearPending(key: string): void {
	localStorage.removeItem(prefix + key);
}

/** The edit kept under `key` whose save never finished, if any. */
export function pendingEdit(key: string): string | null {
	return localStorage.getItem(prefix + key);
}
