/**
 * Who is signed in, from the session cookie. Called once per request by hooks.server.ts, which
 * puts the result in `event.locals.actor`; routes then use `actorFrom(locals)`.
 */
import type { RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import { getDatabase } from '../db/instance';
import type { Database } from '../db/schema';
import type { Actor } from '../sync/actor';
import { readSessionToken, setSessionCookie } from './cookie';
import { validateSession } from './sessions';
import { toPublicUser } from './users';

export type SignedInUser = Actor & { username: string; displayName: string; mustChangePassword: boolean };

type AuthEvent = Pick<RequestEvent, 'cookies' | 'url' | 'request'>;

/** One lookup per request, whoever asks first (the hook, then a route such as /api/auth/me). */
const seen = new WeakMap<Request, Promise<SignedInUser | null>>();

/**
 * The signed-in user, or null when there is no cookie, or its session is unknown, expired or
 * belongs to a disabled account. When the session's expiry slides forward the cookie is sent
 * again with the new lifetime. Database errors are thrown (the caller answers 503).
 */
export function authenticate(event: AuthEvent, options: { db?: Kysely<Database> } = {}): Promise<SignedInUser | null> {
	let pending = seen.get(event.request);
	if (!pending) {
		pending = lookUp(event, options.db);
		seen.set(event.request, pending);
		// A failed lookup (database down) must not stick to the request object.
		pending.catch(() => seen.delete(event.request));
	}
	return pending;
}

async function lookUp(event: AuthEvent, given: Kysely<Database> | undefined): Promise<SignedInUser | null> {
	const token = readSessionToken(event);
	if (!token) return null;
	const db = given ?? (await getDatabase()).db;
	const session = await validateSession(db, token);
	if (!session) return null;
	if (session.refreshed) setSessionCookie(event, token, session.expiresAt);
	const user = toPublicUser(session.user);
	return {
		userId: user.id,
		role: user.role,
		provinceCode: user.provinceCode,
		unitCode: user.unitCode,
		username: user.username,
		displayName: user.displayName,
		mustChangePassword: user.mustChangePassword
	};
}

/**
 * What an account that must change its password may still call (ASVS 2.1): see who it is,
 * change the password, sign out — and sign in, and the health check, which need no account.
 * Everything else is refused with 403 `password_change_required` by hooks.server.ts, so an
 * administrator's initial password cannot be used for real work even by a client that ignores
 * the flag.
 */
const allowedWhilePasswordChangeRequired = new Set([
	'GET /api/auth/me',
	'POST /api/auth/password',
	'POST /api/auth/logout',
	'POST /api/auth/login',
	'GET /api/health'
]);

/** True when `user` may not make this request before changing their password. */
export function blockedByPasswordChange(user: SignedInUser, method: string, pathname: string): boolean {
	return user.mustChangePassword && !allowedWhilePasswordChangeRequired.has(`${method} ${pathname.replace(/\/$/, '')}`);
}
