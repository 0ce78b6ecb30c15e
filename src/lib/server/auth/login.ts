/**
 * Signing in, signing out and changing one's own password, independent of HTTP: the routes
 * parse, call these, and turn the result into a response and a cookie.
 *
 * Failures never say whether the username exists: unknown user and wrong password give the
 * same answer after the same amount of work (a dummy Argon2 verification). Only someone who
 * knows the password learns that the account is disabled.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { loginRequestSchema, type LoginRequest, type RequestErrorCode } from '$lib/domain/protocol';
import type { Database } from '../db/schema';
import { Refusal } from '../http';
import { appendAudit } from './audit';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import { loginRateLimiter, type LoginRateLimiter, type RateDecision } from './rate-limit';
import { createSession, deleteSession, type NewSession } from './sessions';
import * as users from './users';

export { loginRequestSchema, type LoginRequest };

export const passwordChangeSchema = z.object({
	currentPassword: z.string().min(1, 'current_password_required').max(1000, 'login_password_too_long'),
	newPassword: users.passwordSchema
});
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

export type LoginResult =
	| { ok: true; user: users.PublicUser; session: NewSession }
	| { ok: false; status: 401 | 403 | 429; code: RequestErrorCode; message: string; retryAfterSeconds?: number };

export const invalidCredentialsMessage = 'Wrong username or password';

/** 429 with the seconds to wait; routes turn `retryAfterSeconds` into a Retry-After header. */
export class RateLimited extends Refusal {
	constructor(
		message: string,
		readonly retryAfterSeconds: number
	) {
		super(429, 'rate_limited', message);
	}
}

interface Context {
	/** The client's address for the per-address limit; 'unknown' when the server cannot tell. */
	address: string;
	limiter?: LoginRateLimiter;
}

/**
 * Audits an attempt the throttle refused (`login_throttled`). The limiter asks for this once a
 * minute per account and address, so a flood shows in the trail without bloating it.
 */
async function auditThrottled(
	db: Kysely<Database>,
	username: string,
	address: string,
	decision: Extract<RateDecision, { limited: true }>,
	attempt: 'login' | 'password_change'
): Promise<void> {
	await appendAudit(db, {
		action: 'login_throttled',
		actorUserId: null,
		detail: { username, address, attempt, by: decision.by, retryAfterSeconds: decision.retryAfterSeconds }
	});
}

/**
 * Checks the credentials and starts a session. Every attempt that reaches the password check is
 * audited (`login` or `login_failed`); attempts refused by the throttle are audited as
 * `login_throttled`, the first per account and address in a minute.
 */
export async function logIn(
	db: Kysely<Database>,
	input: LoginRequest,
	{ address, limiter = loginRateLimiter }: Context
): Promise<LoginResult> {
	const account = input.username.trim().toLowerCase();
	const decision = await limiter.check(db, account, address);
	if (decision.limited) {
		if (decision.audit) await auditThrottled(db, account, address, decision, 'login');
		return { ok: false, status: 429, code: 'rate_limited', message: decision.message, retryAfterSeconds: decision.retryAfterSeconds };
	}

	const row = await users.findByUsername(db, account);
	const matches = row ? await verifyPassword(row.password_hash, input.password) : await verifyAgainstDummy(input.password);
	if (!row || !matches) {
		await limiter.recordFailure(db, account, address);
		await appendAudit(db, {
			action: 'login_failed',
			actorUserId: null,
			detail: { username: account, address, reason: row ? 'wrong_password' : 'unknown_user' }
		});
		return { ok: false, status: 401, code: 'invalid_credentials', message: invalidCredentialsMessage };
	}
	await limiter.recordSuccess(db, account, address);
	if (row.disabled) {
		await appendAudit(db, { action: 'login_failed', actorUserId: row.id, detail: { username: account, address, reason: 'disabled' } });
		const message = 'This account is disabled; an administrator can enable it again';
		return { ok: false, status: 403, code: 'account_disabled', message };
	}

	const session = await db.transaction().execute(async (trx) => {
		const created = await createSession(trx, row.id);
		await appendAudit(trx, { action: 'login', actorUserId: row.id, detail: { username: account, address } });
		return created;
	});
	return { ok: true, user: users.toPublicUser(row), session };
}

/** Ends the session behind `token` and audits it; a token that is no session is a no-op. */
export async function logOut(db: Kysely<Database>, token: string | null): Promise<void> {
	if (!token) return;
	await db.transaction().execute(async (trx) => {
		const userId = await deleteSession(trx, token);
		if (userId) await appendAudit(trx, { action: 'logout', actorUserId: userId, detail: {} });
	});
}

/**
 * Changes the signed-in user's password after checking the current one (wrong → 400 Refusal on
 * `currentPassword`, counted by the rate limit like a failed login; limited → RateLimited).
 * Every session of the user ends; the returned one replaces the caller's.
 */
export async function changeOwnPassword(
	db: Kysely<Database>,
	userId: string,
	input: PasswordChange,
	{ address, limiter = loginRateLimiter }: Context
): Promise<NewSession> {
	const row = await users.findById(db, userId);
	if (!row || row.disabled) throw new Refusal(401, 'unauthenticated', 'The session has ended; sign in again');
	const decision = await limiter.check(db, row.username, address);
	if (decision.limited) {
		if (decision.audit) await auditThrottled(db, row.username, address, decision, 'password_change');
		throw new RateLimited(decision.message, decision.retryAfterSeconds);
	}
	if (!(await verifyPassword(row.password_hash, input.currentPassword))) {
		await limiter.recordFailure(db, row.username, address);
		throw new Refusal(400, 'wrong_password', 'The current password is wrong', 'currentPassword');
	}
	if (input.newPassword === input.currentPassword) {
		throw new Refusal(400, 'same_password', 'The new password must differ from the current one', 'newPassword');
	}
	users.assertPasswordFitsUser(input.newPassword, row.username, 'newPassword');
	await limiter.recordSuccess(db, row.username, address);
	await users.setPassword(db, userId, input.newPassword, { reset: false });
	return createSession(db, userId);
}
