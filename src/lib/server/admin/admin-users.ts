/**
 * Account administration behind /api/admin/users: the same `users.*` operations the command
 * line uses, plus the admin API's own rules — an admin bound to a province sees and changes
 * only that province's accounts, and nobody disables, demotes or resets themselves here (that
 * would lock the last admin out; one's own password changes at /api/auth/password).
 *
 * Every change commits together with its audit entry (the users.* functions join the
 * transaction they are given). Failures are Refusals: 400 with the field, 403 other province,
 * 404 unknown account, 409 username taken, own account or own password.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { inTransaction } from '../auth/transaction';
import { demoPasswordsInUse } from '../auth/demo-seed';
import { deleteUserSession, deleteUserSessions, listUserSessions, type SessionSummary } from '../auth/sessions';
import * as users from '../auth/users';
import type { Database, UserRow } from '../db/schema';
import type { AccountList } from '$lib/domain/protocol';
import { parseOrRefuse, Refusal } from '../http';
import { appendAdminAudit } from './admin-audit';
import { assertManagesProvince, managesProvince, type AdminActor } from './guard';

/** PATCH /api/admin/users/[id]: only the fields present change. */
export const userPatchSchema = z
	.strictObject({
		disabled: z.boolean().optional(),
		role: users.roleSchema.optional(),
		provinceCode: users.codeSchema.optional(),
		unitCode: users.codeSchema.optional(),
		displayName: users.newUserSchema.shape.displayName.optional()
	})
	.refine((p) => Object.values(p).some((v) => v !== undefined), 'no_changes');
export type UserPatch = z.infer<typeof userPatchSchema>;

export const passwordResetSchema = z.object({ password: users.passwordSchema });

function toSummary(row: UserRow): users.UserSummary {
	return { ...users.toPublicUser(row), disabled: row.disabled === 1, createdAt: row.created_at };
}

const notFound = () => new Refusal(404, 'user_not_found', 'No such account');

/** The account `id` if the admin may manage it: 404 when unknown, 403 in another province. */
async function requireManaged(db: Kysely<Database>, admin: AdminActor, id: string): Promise<UserRow> {
	const row = await users.findById(db, id);
	if (!row) throw notFound();
	assertManagesProvince(admin, row.province_code);
	return row;
}

/** Accounts of the admin's province (every account for a national admin), by username. */
export async function listUsers(db: Kysely<Database>, admin: AdminActor): Promise<users.UserSummary[]> {
	return (await users.list(db)).filter((u) => managesProvince(admin, u.provinceCode));
}

/** listUsers plus the admin's demo accounts that still accept their public password (the screen warns). */
export async function listUsersWithWarnings(db: Kysely<Database>, admin: AdminActor): Promise<AccountList> {
	const list = await listUsers(db, admin);
	const visible = new Set(list.map((u) => u.username));
	return { users: list, demoPasswordsInUse: (await demoPasswordsInUse(db)).filter((name) => visible.has(name)) };
}

/** The live sessions of an account the admin manages, newest first. */
export async function listSessions(db: Kysely<Database>, admin: AdminActor, id: string): Promise<SessionSummary[]> {
	const row = await requireManaged(db, admin, id);
	return listUserSessions(db, row.id);
}

export const sessionQuerySchema = z.object({
	id: z
		.string()
		.regex(/^[0-9a-f]{64}$/, 'invalid_session_id')
		.optional()
});

/**
 * Ends one session of the account (`?id=`), or all of them: the device must sign in again (its
 * unsent work stays on it). Audited as `sessions_revoked` with how many ended; 404
 * `session_not_found` when the one named is not a live session of this account.
 */
export async function revokeSessions(
	db: Kysely<Database>,
	admin: AdminActor,
	id: string,
	params: URLSearchParams
): Promise<{ revoked: number }> {
	const query = parseOrRefuse(sessionQuerySchema, Object.fromEntries(params.has('id') ? [['id', params.get('id')]] : []));
	return inTransaction(db, async (trx) => {
		const row = await requireManaged(trx, admin, id);
		let revoked: number;
		if (query.id !== undefined) {
			if (!(await deleteUserSession(trx, row.id, query.id)))
				throw new Refusal(404, 'session_not_found', 'No such session of this account', 'id');
			revoked = 1;
		} else revoked = await deleteUserSessions(trx, row.id);
		await appendAdminAudit(trx, {
			action: 'sessions_revoked',
			actorUserId: admin.userId,
			detail: { userId: row.id, username: row.username, revoked, ...(query.id ? { sessionId: query.id.slice(0, 12) } : {}) }
		});
		return { revoked };
	});
}

/**
 * Creates an account in the admin's province (the province defaults to it). The admin typed
 * the password, so the person must choose their own at the first sign-in.
 */
export async function createUser(db: Kysely<Database>, admin: AdminActor, body: unknown): Promise<users.UserSummary> {
	const withDefaults = body !== null && typeof body === 'object' ? { provinceCode: admin.provinceCode, ...body } : body;
	const input = parseOrRefuse(users.newUserSchema, withDefaults);
	assertManagesProvince(admin, input.provinceCode, 'provinceCode');
	const created = await users.create(db, { ...input, mustChangePassword: true }, admin.userId, { auditDetail: { via: 'admin' } });
	const row = await users.findById(db, created.id);
	if (!row) throw notFound();
	return toSummary(row);
}

/**
 * Applies a patch in one transaction: name, then role and placement, then disabled/enabled;
 * unchanged fields write nothing and audit nothing. Disabling ends the account's sessions.
 */
export async function updateUser(db: Kysely<Database>, admin: AdminActor, id: string, body: unknown): Promise<users.UserSummary> {
	const patch = parseOrRefuse(userPatchSchema, body);
	return inTransaction(db, async (trx) => {
		const row = await requireManaged(trx, admin, id);
		if (patch.provinceCode !== undefined) assertManagesProvince(admin, patch.provinceCode, 'provinceCode');

		const role = patch.role ?? row.role;
		const placementChanges =
			role !== row.role ||
			(patch.provinceCode !== undefined && patch.provinceCode !== row.province_code) ||
			(patch.unitCode !== undefined && patch.unitCode !== row.unit_code);
		const disabledChanges = patch.disabled !== undefined && (patch.disabled ? 1 : 0) !== row.disabled;
		if (row.id === admin.userId && (placementChanges || (disabledChanges && patch.disabled))) {
			const message = 'An administrator cannot disable their own account or change its role or province; ask another administrator';
			throw new Refusal(409, 'own_account', message);
		}

		if (patch.displayName !== undefined && patch.displayName !== row.display_name) {
			await trx
				.updateTable('users')
				.set({ display_name: patch.displayName, updated_at: new Date().toISOString() })
				.where('id', '=', row.id)
				.execute();
			await appendAdminAudit(trx, {
				action: 'display_name_changed',
				actorUserId: admin.userId,
				detail: { userId: row.id, username: row.username, from: row.display_name, to: patch.displayName }
			});
		}
		if (placementChanges) {
			const change = { role, provinceCode: patch.provinceCode, unitCode: patch.unitCode };
			await users.setRole(trx, row.username, change, admin.userId);
		}
		if (disabledChanges) await users.setDisabled(trx, row.username, patch.disabled === true, admin.userId);

		const updated = await users.findById(trx, row.id);
		if (!updated) throw notFound();
		return toSummary(updated);
	});
}

/**
 * Sets a new password chosen by the admin: the person must change it at the next sign-in, and
 * every session of theirs ends (users.setPassword audits it as password_reset).
 */
export async function resetPassword(db: Kysely<Database>, admin: AdminActor, id: string, body: unknown): Promise<void> {
	const { password } = parseOrRefuse(passwordResetSchema, body);
	const row = await requireManaged(db, admin, id);
	if (row.id === admin.userId) {
		throw new Refusal(409, 'own_password', 'An administrator changes their own password on the account page, not by a reset');
	}
	await users.setPassword(db, row.id, password, { reset: true, byUserId: admin.userId });
}
