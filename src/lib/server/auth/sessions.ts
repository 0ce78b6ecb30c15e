/**
 * Server-side sessions. The browser holds a random token in an HttpOnly cookie; the database
 * holds only the token's SHA-256, so a leaked database or backup cannot be replayed as cookies.
 *
 * Two limits (README, "Phiên đăng nhập"): a session ends after `idle` without a request (the
 * expiry slides forward on use) and, whatever the use, `absolute` after it started. Defaults are
 * 30 and 90 days because inspectors work offline for weeks in communes without coverage: a
 * shorter idle limit would make their queued work wait for a password they may not have at hand,
 * while the absolute limit still makes every device prove the password at least each quarter.
 * SESSION_IDLE_DAYS and SESSION_MAX_DAYS change them. "Last seen" is written at most once per
 * SESSION_REFRESH_MS so that ordinary requests stay read-only.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema';
import { findSession } from './session-lookups';

const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_REFRESH_MS = DAY_MS;

export interface SessionLimits {
	/** A session not used for this long ends. */
	idleMs: number;
	/** A session ends this long after it started, however much it is used. */
	absoluteMs: number;
}

export const defaultSessionLimits: SessionLimits = { idleMs: 30 * DAY_MS, absoluteMs: 90 * DAY_MS };

/** The limits from SESSION_IDLE_DAYS / SESSION_MAX_DAYS (whole days ≥ 1), else the defaults. */
export function sessionLimitsFrom(env: Record<string, string | undefined> = process.env): SessionLimits {
	const days = (value: string | undefined, fallback: number) => {
		const n = Number(value);
		return value !== undefined && value.trim() !== '' && Number.isInteger(n) && n >= 1 ? n * DAY_MS : fallback;
	};
	const idleMs = days(env.SESSION_IDLE_DAYS, defaultSessionLimits.idleMs);
	const absoluteMs = days(env.SESSION_MAX_DAYS, defaultSessionLimits.absoluteMs);
	return { idleMs: Math.min(idleMs, absoluteMs), absoluteMs };
}

/** Kept for callers that only need the idle limit (cookies, tests). */
export const SESSION_TTL_MS = defaultSessionLimits.idleMs;

function expiryOf(createdAt: number, lastSeen: number, limits: SessionLimits): Date {
	return new Date(Math.min(lastSeen + limits.idleMs, createdAt + limits.absoluteMs));
}

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
export async function createSession(
	db: Kysely<Database>,
	userId: string,
	now = new Date(),
	limits = sessionLimitsFrom()
): Promise<NewSession> {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = expiryOf(now.getTime(), now.getTime(), limits);
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
 * The user behind `token`, or null when the token is malformed, unknown, expired — idle too
 * long or past its absolute limit (the row is then deleted) — or belongs to a disabled account.
 * Slides the expiry at most once a day, never past the absolute limit.
 */
export async function validateSession(
	db: Kysely<Database>,
	token: string,
	now = new Date(),
	limits = sessionLimitsFrom()
): Promise<ValidSession | null> {
	if (!TOKEN_PATTERN.test(token)) return null;
	const id = sessionIdOf(token);
	// One statement for the session and its account, shared with the lookups asked meanwhile.
	const found = await findSession(db, id);
	if (!found) return null;
	const { session_id: _id, session_created_at, session_expires_at, session_last_seen_at, ...user } = found;
	const session = { created_at: session_created_at, expires_at: session_expires_at, last_seen_at: session_last_seen_at };
	const createdAt = Date.parse(session.created_at);
	const limit = expiryOf(createdAt, Date.parse(session.last_seen_at), limits).getTime();
	// The stored expiry or today's limits, whichever is earlier: lowering a limit takes effect at once.
	if (Math.min(Date.parse(session.expires_at), limit) <= now.getTime()) {
		await db.deleteFrom('sessions').where('id', '=', id).execute();
		return null;
	}
	if (user.disabled) return null;

	if (now.getTime() - Date.parse(session.last_seen_at) < SESSION_REFRESH_MS) {
		return { user, expiresAt: new Date(session.expires_at), refreshed: false };
	}
	const expiresAt = expiryOf(createdAt, now.getTime(), limits);
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

/** Ends every session of a user: password changed or reset, role changed, account disabled. Returns how many. */
export async function deleteUserSessions(db: Kysely<Database>, userId: string): Promise<number> {
	const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
	return Number(result.numDeletedRows);
}

/** A session as an administrator sees it: never the token, only a handle to revoke it by. */
export interface SessionSummary {
	/** The stored id (the token's SHA-256): revoking needs it, replaying a cookie cannot use it. */
	id: string;
	createdAt: string;
	lastSeenAt: string;
	expiresAt: string;
}

/** The user's live sessions, newest first. */
export async function listUserSessions(db: Kysely<Database>, userId: string, now = new Date()): Promise<SessionSummary[]> {
	const rows = await db
		.selectFrom('sessions')
		.select(['id', 'created_at', 'last_seen_at', 'expires_at'])
		.where('user_id', '=', userId)
		.where('expires_at', '>', now.toISOString())
		.orderBy('created_at', 'desc')
		.execute();
	return rows.map((r) => ({ id: r.id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at }));
}

/** Ends one session of `userId` by its stored id; false when there was no such session. */
export async function deleteUserSession(db: Kysely<Database>, userId: string, sessionId: string): Promise<boolean> {
	const result = await db.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', userId).executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}

/** Housekeeping: drops sessions that expired before `now`. Returns how many. */
export async function deleteExpiredSessions(db: Kysely<Database>, now = new Date()): Promise<number> {
	const result = await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
	return Number(result.numDeletedRows);
}
