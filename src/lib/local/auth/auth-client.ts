/**
 * Sign-in and sign-out against the server's JSON endpoints, and the rule that protects unsent
 * work: sign-out is refused while anything is unsynced (other apps wiped offline entries on
 * sign-out; this one never does — and it keeps the database even after a clean sign-out).
 */
import { sessionUserSchema } from '$lib/domain/protocol';
import type { AppDb } from '../app-db';
import { session, type LocalUser } from '../session.svelte';

/** The account as the server reports it, remembered without its password flag. */
const localUserSchema = sessionUserSchema.omit({ mustChangePassword: true });

/**
 * A refusal as a code for the UI to put into words: the server's error code (with its message,
 * English or a validation code, as a fallback), `offline`, `bad_response`, or http_<status> when
 * the body had none. `retryAfterSeconds` comes from a rate limit's Retry-After header.
 */
export type AuthFailure = { ok: false; code: string; message?: string; retryAfterSeconds?: number };
/** `mustChangePassword`: the server refuses everything but a password change until it is done. */
export type SignInResult = { ok: true; user: LocalUser; mustChangePassword: boolean } | AuthFailure;

type ErrorBody = { user?: unknown; error?: { code?: string; message?: string } } | null;
function failure(res: Response, body: ErrorBody): AuthFailure {
	const result: AuthFailure = { ok: false, code: body?.error?.code ?? `http_${res.status}`, message: body?.error?.message };
	const retryAfter = Number(res.headers.get('retry-after') ?? Number.NaN);
	if (Number.isFinite(retryAfter) && retryAfter > 0) result.retryAfterSeconds = retryAfter;
	return result;
}

export async function signIn(username: string, password: string): Promise<SignInResult> {
	let res: Response;
	try {
		res = await fetch('/api/auth/login', {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ username, password })
		});
	} catch {
		return { ok: false, code: 'offline' };
	}
	const body = (await res.json().catch(() => null)) as ErrorBody;
	if (!res.ok) return failure(res, body);
	const user = localUserSchema.safeParse(body?.user);
	if (!user.success) return { ok: false, code: 'bad_response' };
	session.signedIn(user.data);
	const flags = body?.user as { mustChangePassword?: unknown } | undefined;
	const mustChangePassword = flags?.mustChangePassword === true;
	session.mustChangePassword = mustChangePassword;
	return { ok: true, user: user.data, mustChangePassword };
}

/** Changes not yet on the server: queued mutations (pending or refused) and photo bytes. */
export async function unsyncedCount(db: AppDb): Promise<number> {
	const [outbox, blobs] = await Promise.all([db.outbox.count(), db.blobs.where('uploaded').equals(0).count()]);
	return outbox + blobs;
}

export type SignOutResult = { ok: true } | { ok: false; unsynced: number };

export async function signOut(db: AppDb): Promise<SignOutResult> {
	const unsynced = await unsyncedCount(db);
	if (unsynced > 0) return { ok: false, unsynced };
	await fetch('/api/auth/logout', { method: 'POST' }).catch(() => {
		/* offline: the server session expires on its own; nothing local is at risk */
	});
	session.signedOut();
	return { ok: true };
}

/** Changes the signed-in user's password (needs the network); other sessions are ended. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<{ ok: true } | AuthFailure> {
	try {
		const res = await fetch('/api/auth/password', {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ currentPassword, newPassword })
		});
		if (res.ok) {
			session.passwordChanged();
			return { ok: true };
		}
		return failure(res, (await res.json().catch(() => null)) as ErrorBody);
	} catch {
		return { ok: false, code: 'offline' };
	}
}
