/**
 * This phone's signing key and the team's public keys (issue 17, a member's part by QR code).
 *
 * - Each account gets one key pair per phone, made on first use: the private half is a
 *   non-extractable CryptoKey kept in IndexedDB (`deviceKeys`), so even this app cannot read it
 *   back out; the public half is registered with the server while online.
 * - For every open team record the phone holds, the public keys of its team are fetched while
 *   online (`teamKeys`), so the trưởng đoàn's phone can check a member's part with no network.
 *
 * `syncDeviceKeys` runs after each successful sync round; it is best effort (a failure waits for
 * the next round) and never touches the outbox.
 */
import { registerDeviceKeySchema, teamKeysResponseSchema, type TeamKeysResponse } from '$lib/domain/protocol/device-keys';
import { exportPublicJwk, generateDeviceKeyPair, keyIdOf, type MemberKey } from '$lib/domain/team-part';
import type { AppDb, DeviceKey, LocalInspection } from './app-db';

/** Team keys older than this are fetched again (a member may have registered a new phone). */
const TEAM_KEYS_FRESH_MS = 10 * 60_000;

/** This account's key on this phone, made now if there is none yet. */
export async function ensureDeviceKey(db: AppDb, userId: string): Promise<DeviceKey> {
	const existing = await db.deviceKeys.get(userId);
	if (existing) return existing;
	const pair = await generateDeviceKeyPair();
	const publicJwk = await exportPublicJwk(pair.publicKey);
	const key: DeviceKey = {
		userId,
		keyId: await keyIdOf(publicJwk),
		privateKey: pair.privateKey,
		publicJwk,
		createdAt: new Date().toISOString(),
		registeredAt: null
	};
	// Two tabs may race here: the first key stored wins, the other tab's pair is dropped unused.
	await db.transaction('rw', db.deviceKeys, async () => {
		if (!(await db.deviceKeys.get(userId))) await db.deviceKeys.add(key);
	});
	return (await db.deviceKeys.get(userId))!;
}

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export interface KeyAccount {
	id: string;
	role: string;
}

/** Roles that can be on a visit's team and so sign parts (apiRules: POST /api/device-keys). */
const signingRoles = ['inspector', 'supervisor'];

/**
 * Registers this phone's key if the server does not have it yet, then refreshes the team keys of
 * every open team record here. Online only; throws on a network failure (the caller ignores it).
 */
export async function syncDeviceKeys(db: AppDb, account: KeyAccount, doFetch: Fetch = fetch): Promise<void> {
	if (!signingRoles.includes(account.role)) return;
	const key = await ensureDeviceKey(db, account.id);
	if (!key.registeredAt) {
		const body = registerDeviceKeySchema.parse({ keyId: key.keyId, publicJwk: key.publicJwk });
		const res = await doFetch('/api/device-keys', {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
			credentials: 'same-origin'
		});
		if (!res.ok) throw new Error(`device key not registered: HTTP ${res.status}`);
		await db.deviceKeys.update(account.id, { registeredAt: new Date().toISOString() });
	}
	for (const record of await openTeamRecords(db)) {
		if (!(await teamKeysStale(db, record))) continue;
		const res = await doFetch(`/api/inspections/${encodeURIComponent(record.id)}/team-keys`, { credentials: 'same-origin' });
		if (res.status === 404) continue;
		if (!res.ok) throw new Error(`team keys not fetched: HTTP ${res.status}`);
		await storeTeamKeys(db, teamKeysResponseSchema.parse(await res.json()));
	}
}

/** Drafts (or returned records) here whose team names at least one account besides the writer. */
async function openTeamRecords(db: AppDb): Promise<LocalInspection[]> {
	const open = await db.inspections.where('status').anyOf('draft', 'returned').toArray();
	return open.filter((r) => r.team.some((m) => m.userId && m.userId !== r.createdBy));
}

/** Stale when fetched long ago, or when a team account has no key here yet. */
async function teamKeysStale(db: AppDb, record: LocalInspection): Promise<boolean> {
	const held = await db.teamKeys.where('inspectionId').equals(record.id).toArray();
	const members = record.team.map((m) => m.userId).filter((id): id is string => !!id && id !== record.createdBy);
	if (members.some((id) => !held.some((k) => k.userId === id && k.keys.length > 0))) return true;
	return held.some((k) => Date.now() - Date.parse(k.fetchedAt) > TEAM_KEYS_FRESH_MS);
}

/** Replaces the record's held keys with the server's list (a revoked key disappears). */
export async function storeTeamKeys(db: AppDb, answer: TeamKeysResponse): Promise<void> {
	const fetchedAt = new Date().toISOString();
	const byUser = new Map<string, { keyId: string; publicJwk: MemberKey['publicJwk'] }[]>();
	for (const k of answer.keys) byUser.set(k.userId, [...(byUser.get(k.userId) ?? []), { keyId: k.keyId, publicJwk: k.publicJwk }]);
	await db.transaction('rw', db.teamKeys, async () => {
		await db.teamKeys.where('inspectionId').equals(answer.inspectionId).delete();
		await db.teamKeys.bulkPut([...byUser].map(([userId, keys]) => ({ inspectionId: answer.inspectionId, userId, keys, fetchedAt })));
	});
}

/** The keys held for a record, as the part check takes them. */
export async function heldTeamKeys(db: AppDb, inspectionId: string): Promise<MemberKey[]> {
	const rows = await db.teamKeys.where('inspectionId').equals(inspectionId).toArray();
	return rows.flatMap((r) => r.keys.map((k) => ({ userId: r.userId, keyId: k.keyId, publicJwk: k.publicJwk })));
}
