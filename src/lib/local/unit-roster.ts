/**
 * A unit's roster of counter officers on the device (docs/roster.md). The inspector's phone
 * fetches it whenever it can (choosing the unit on the start screen, opening the visit) and keeps
 * the last answer per unit in `meta`, so picking an officer works with no network. The ward's and
 * the admin's roster screen writes through the same module (online: the server keeps the roster).
 */
import {
	unitRosterSchema,
	type RosterOfficer,
	type RosterOfficerCreate,
	type RosterOfficerPatch,
	type UnitRoster
} from '$lib/domain/roster';
import type { AppDb } from './app-db';

const TIMEOUT_MS = 15_000;

const keyOf = (unitCode: number) => `roster:${unitCode}` as const;

export async function cachedRoster(db: AppDb, unitCode: number): Promise<UnitRoster | null> {
	const row = await db.meta.get(keyOf(unitCode));
	const parsed = unitRosterSchema.safeParse(row?.value);
	return parsed.success ? parsed.data : null;
}

/**
 * The server's roster of `unitCode`, kept for offline use; the kept one when the server cannot
 * be reached or refuses (offline, signed out): never throws.
 */
export async function refreshRoster(db: AppDb, unitCode: number): Promise<UnitRoster | null> {
	try {
		const res = await fetch(`/api/units/${unitCode}/roster`, { credentials: 'same-origin', signal: AbortSignal.timeout(TIMEOUT_MS) });
		const parsed = res.ok ? unitRosterSchema.safeParse(await res.json()) : null;
		if (parsed?.success) {
			await db.meta.put({ key: keyOf(unitCode), value: parsed.data });
			return parsed.data;
		}
	} catch {
		// Offline or timed out: the kept copy is what the device knows.
	}
	return cachedRoster(db, unitCode);
}

/** What a roster change answered: the officer, or the server's error code for the UI to word. */
export type RosterWrite = { ok: true; officer: RosterOfficer } | { ok: false; code: string };

async function send(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<RosterWrite> {
	try {
		const res = await fetch(path, {
			method,
			credentials: 'same-origin',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(TIMEOUT_MS)
		});
		const answer = (await res.json().catch(() => null)) as { officer?: RosterOfficer; error?: { code?: string } } | null;
		if (res.ok && answer?.officer) return { ok: true, officer: answer.officer };
		return { ok: false, code: answer?.error?.code ?? 'network' };
	} catch {
		return { ok: false, code: 'network' };
	}
}

export const addToRoster = (unitCode: number, input: RosterOfficerCreate) => send('POST', `/api/units/${unitCode}/roster`, input);

export const changeOnRoster = (unitCode: number, id: string, patch: RosterOfficerPatch) =>
	send('PATCH', `/api/units/${unitCode}/roster/${id}`, patch);
