/**
 * Server-side sessions. The browser holds a random token in an HttpOnly cookie; the database
 * holds only the token's SHA-256, so a leaked database or backup cannot be replayed as cookies.
 *
 * Expiry slides: a session lives SESSION_TTL_MS after it was last seen, and "last seen" is
 * written at most once per SESSION_REFRESH_MS so that ordinary requests stay read-only.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_REFRESH_MS = 24 * 60 * 60 * 1000;

/** 32 random bytes in base64url: 43 characters. Anything else is not one of our tokens. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface NewSession {
	/** Goes into the cookie, and nowhere else. */
	token: string;
	expiresAt: Date;
}

export interface ValidSession {
	user: UserRow;
	expiresAt: Date;
	/** True when this call moved the expiry forward (the cookie should be sent again). */
	refreshed: boolean;
}

/** The stored id of a token. */
export function sessionIdOf(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** Starts a session for `userId`; pass a transaction to commit it together with its audit entry. */
export async function createSession(db: Kysely<Database>, userId: string, now = new Date()): Promise<NewSession> {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
	await db
		.insertInto('sessions')
		.values({
			id: sessionIdOf(token),
			user_id: userId,
			created_at: now.toISOString(),
			expires_at: expiresAt.toISOString(),
			last_seen_at: now.toISOString()
		})
		.execute();
	return { token, expiresAt };
}

/**
 * The user behind `token`, or null when the token is malformed, unknown, expired (the row is
 * then deleted) or belongs to a disabled account. Slides the expiry at most once a day.
 */
export async function validateSession(db: Kysely<Database>, token: string, now = new Date()): Promise<ValidSession | null> {
	if (!TOKEN_PATTERN.test(token)) return null;
	const id = sessionIdOf(token);
	const session = await db.selectFrom('sessions').select(['user_id', 'expires_at', 'last_seen_at']).where('id', '=', id).executeTakeFirst();
	if (!session) return null;
	if (Date.parse(session.expires_at) <= now.getTime()) {
		await db.deleteFrom('sessions').where('id', '=', id).execute();
		return null;
	}
	const user = await db.selectFrom('users').selectAll().where('id', '=', session.user_id).executeTakeFirst();
	if (!user || user.disabled) return null;

	if (now.getTime() - Date.parse(session.last_seen_at) < SESSION_REFRESH_MS) {
		return { user, expiresAt: new Date(session.expires_at), refreshed: false };
	}
	const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
	await db
		.updateTable('sessions')
		.set({ last_seen_at: now.toISOString(), expires_at: expiresAt.toISOString() })
		.where('id', '=', id)
		.execute();
	return { user, expiresAt, refreshed: true };
}

/** Ends one session (logout). Returns the user it belonged to, or null if there was none. */
export async function deleteSession(db: Kysely<Database>, token: string): Promise<string | null> {
	if (!TOKEN_PATTERN.test(token)) return null;
	const deleted = await db.deleteFrom('sessions').where('id', '=', sessionIdOf(token)).returning('user_id').executeTakeFirst();
	return deleted?.user_id ?? null;
}

/** Ends every session of a user: password changed or reset, account disabled. */
export async function deleteUserSessions(db: Kysely<Database>, userId: string): Promise<void> {
	await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Housekeeping: drops sessions that expired before `now`. Returns how many. */
export async function deleteExpiredSessions(db: Kysely<Database>, now = new Date()): Promise<number> {
	const result = await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
	return Number(result.numDeletedRows);
}
