/**
 * The province's centres, branches and reception points on the device (docs/units.md). The
 * communes come bundled with the app (lib/units); these are the province admin's data, so the
 * device fetches them whenever it can (app start, the start screen) and keeps the last answer
 * in `meta` for starting a visit with no network.
 */
import { unitDirectorySchema, type UnitDirectory } from '$lib/domain/units-2025';
import type { AppDb } from './app-db';

const TIMEOUT_MS = 15_000;

export async function cachedUnitDirectory(db: AppDb): Promise<UnitDirectory | null> {
	const row = await db.meta.get('unitDirectory');
	const parsed = unitDirectorySchema.safeParse(row?.value);
	return parsed.success ? parsed.data : null;
}

/**
 * The server's directory for the signed-in person's province, kept for offline use; the kept one
 * when the server cannot be reached or refuses (offline, signed out): never throws.
 */
export async function refreshUnitDirectory(db: AppDb): Promise<UnitDirectory | null> {
	try {
		const res = await fetch('/api/units/directory', { credentials: 'same-origin', signal: AbortSignal.timeout(TIMEOUT_MS) });
		const parsed = res.ok ? unitDirectorySchema.safeParse(await res.json()) : null;
		if (parsed?.success) {
			await db.meta.put({ key: 'unitDirectory', value: parsed.data });
			return parsed.data;
		}
	} catch {
		// Offline or timed out: the kept copy is what the device knows.
	}
	return cachedUnitDirectory(db);
}
