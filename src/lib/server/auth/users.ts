/**
 * Accounts as a query namespace: `users.create(db, input, byUserId)`, `users.list(db)`, …
 *
 * Placement rules (the tenant boundary is a province):
 * - ward: one commune (`unitCode`) of one province (`provinceCode`);
 * - supervisor, inspector: one province, no commune;
 * - admin: one province or none (a national administrator), no commune.
 *
 * Every change is written together with its audit entry in one transaction. Failures are
 * Refusals with a code and an English message: 400 `invalid_request` (with the field; the
 * message is a validation code such as `username_too_short`), 400 `province_not_found` or
 * `commune_not_in_province`, 404 `user_not_found`, 409 `username_taken`.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { roles, type Role } from '$lib/domain/permissions';
import type { AccountSummary, SessionUser } from '$lib/domain/protocol';
import { unitKindOf } from '$lib/domain/units-2025';
import { loadUnits } from '$lib/units/units';
import { findUnit } from '../units/unit-directory';
import type { Database, UserRow } from '../db/schema';
import { parseOrRefuse, Refusal } from '../http';
import { appendAudit } from './audit';
import { isCommonPassword, isUsernamePassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-policy';
import { hashPassword } from './passwords';
import { deleteUserSessions } from './sessions';
import { inTransaction, isUniqueViolation } from './transaction';

export const usernameSchema = z
	.string()
	.trim()
	.toLowerCase()
	.min(3, 'username_too_short')
	.max(40, 'username_too_long')
	.regex(/^[a-z0-9._-]+$/, 'username_charset');

/** A new password: length and the common-password list (the username rule needs the username: `assertPasswordFitsUser`). */
export const passwordSchema = z
	.string()
	.min(MIN_PASSWORD_LENGTH, 'password_too_short')
	.max(MAX_PASSWORD_LENGTH, 'password_too_long')
	.refine((p) => !isCommonPassword(p), 'password_too_common');

/** 400 on `field` (validation code `password_is_username`) when the password is the username. */
export function assertPasswordFitsUser(password: string, username: string, field = 'password'): void {
	if (isUsernamePassword(password, username)) throw new Refusal(400, 'invalid_request', 'password_is_username', field);
}

export const roleSchema = z.enum(roles, { error: 'invalid_role' });

/** A province or commune code of the official list (null: none). */
export const codeSchema = z.number({ error: 'invalid_unit_code' }).int('invalid_unit_code').positive('invalid_unit_code').nullable();

interface Placement {
	role: Role;
	provinceCode: number | null;
	unitCode: number | null;
}

/** The first broken placement rule (a validation code and its field), or null when the role fits its province and commune. */
export function placementIssue(p: Placement): { field: 'provinceCode' | 'unitCode'; message: string } | null {
	if ((p.role === 'ward' || p.role === 'supervisor' || p.role === 'inspector') && p.provinceCode === null) {
		return { field: 'provinceCode', message: 'role_needs_province' };
	}
	if (p.role === 'ward' && p.unitCode === null) {
		return { field: 'unitCode', message: 'ward_needs_commune' };
	}
	if (p.role !== 'ward' && p.unitCode !== null) {
		return { field: 'unitCode', message: 'commune_only_for_ward' };
	}
	return null;
}

export const newUserSchema = z
	.object({
		username: usernameSchema,
		displayName: z.string().trim().min(1, 'name_required').max(120, 'display_name_too_long'),
		role: roleSchema,
		provinceCode: codeSchema.default(null),
		unitCode: codeSchema.default(null),
		password: passwordSchema,
		mustChangePassword: z.boolean().default(false)
	})
	.superRefine((u, ctx) => {
		const issue = placementIssue(u);
		if (issue) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
		if (isUsernamePassword(u.password, u.username)) ctx.addIssue({ code: 'custom', path: ['password'], message: 'password_is_username' });
	});
export type NewUser = z.input<typeof newUserSchema>;

/** What the browser and the command line are shown about an account; never the hash. */
export type PublicUser = SessionUser;
export type UserSummary = AccountSummary;

function asRole(value: string): Role {
	const parsed = roleSchema.safeParse(value);
	if (!parsed.success) throw new Error(`users row has an unknown role: ${value}`);
	return parsed.data;
}

export function toPublicUser(row: UserRow): PublicUser {
	return {
		id: row.id,
		username: row.username,
		displayName: row.display_name,
		role: asRole(row.role),
		provinceCode: row.province_code,
		unitCode: row.unit_code,
		mustChangePassword: row.must_change_password === 1
	};
}

/**
 * Refuses province and unit codes that are not in the official 2025 list, or do not match. A unit
 * account may also stand for the province's centre or one of its branches (docs/units.md).
 */
async function assertKnownPlacement(db: Kysely<Database>, p: Placement): Promise<void> {
	if (p.provinceCode === null) return;
	const province = (await loadUnits()).find((u) => u.code === p.provinceCode);
	if (!province) {
		throw new Refusal(400, 'province_not_found', `No province with code ${p.provinceCode} in the 2025 list`, 'provinceCode');
	}
	if (p.unitCode !== null && unitKindOf(p.unitCode) !== 'commune') {
		if ((await findUnit(db, p.unitCode))?.provinceCode === province.code) return;
		const message = `No centre or branch with code ${p.unitCode} in ${province.name} (province ${province.code})`;
		throw new Refusal(400, 'commune_not_in_province', message, 'unitCode');
	}
	if (p.unitCode !== null && !province.communes.some((c) => c.code === p.unitCode)) {
		const message = `No commune with code ${p.unitCode} in ${province.name} (province ${province.code})`;
		throw new Refusal(400, 'commune_not_in_province', message, 'unitCode');
	}
}

const notFound = (username: string) => new Refusal(404, 'user_not_found', `No account "${username}"`, 'username');
const taken = (username: string) => new Refusal(409, 'username_taken', `The username "${username}" is taken`, 'username');

export function findByUsername(db: Kysely<Database>, username: string): Promise<UserRow | undefined> {
	return db.selectFrom('users').selectAll().where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
}

export function findById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
	return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

async function requireByUsername(db: Kysely<Database>, username: string): Promise<UserRow> {
	const row = await findByUsername(db, username);
	if (!row) throw notFound(username);
	return row;
}

export async function count(db: Kysely<Database>): Promise<number> {
	const row = await db
		.selectFrom('users')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function list(db: Kysely<Database>): Promise<UserSummary[]> {
	const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
	return rows.map((row) => ({ ...toPublicUser(row), disabled: row.disabled === 1, createdAt: row.created_at }));
}

/**
 * Creates an account. `passwordHash` lets a caller that hashed ahead of a transaction (the demo
 * seed) skip hashing again. `byUserId` is who did it, for the audit trail (null: command line).
 */
export async function create(
	db: Kysely<Database>,
	input: NewUser,
	byUserId: string | null,
	options: { passwordHash?: string; auditDetail?: Record<string, unknown> } = {}
): Promise<PublicUser> {
	const user = parseOrRefuse(newUserSchema, input);
	await assertKnownPlacement(db, user);
	if (await findByUsername(db, user.username)) throw taken(user.username);
	const passwordHash = options.passwordHash ?? (await hashPassword(user.password));
	const now = new Date().toISOString();
	const row: UserRow = {
		id: randomUUID(),
		username: user.username,
		display_name: user.displayName,
		role: user.role,
		province_code: user.provinceCode,
		unit_code: user.unitCode,
		password_hash: passwordHash,
		disabled: 0,
		must_change_password: user.mustChangePassword ? 1 : 0,
		created_at: now,
		updated_at: now
	};
	try {
		await inTransaction(db, async (trx) => {
			await trx.insertInto('users').values(row).execute();
			await appendAudit(trx, {
				action: 'user_created',
				actorUserId: byUserId,
				detail: {
					userId: row.id,
					username: row.username,
					role: row.role,
					provinceCode: row.province_code,
					unitCode: row.unit_code,
					...options.auditDetail
				}
			});
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw taken(user.username);
		throw error;
	}
	return toPublicUser(row);
}

/** Disables or re-enables an account. Disabling also signs it out everywhere. */
export async function setDisabled(db: Kysely<Database>, username: string, disabled: boolean, byUserId: string | null): Promise<PublicUser> {
	return inTransaction(db, async (trx) => {
		const row = await requireByUsername(trx, username);
		const now = new Date().toISOString();
		await trx
			.updateTable('users')
			.set({ disabled: disabled ? 1 : 0, updated_at: now })
			.where('id', '=', row.id)
			.execute();
		if (disabled) await deleteUserSessions(trx, row.id);
		await appendAudit(trx, {
			action: disabled ? 'user_disabled' : 'user_enabled',
			actorUserId: byUserId,
			detail: { userId: row.id, username: row.username }
		});
		return toPublicUser({ ...row, disabled: disabled ? 1 : 0, updated_at: now });
	});
}

/**
 * Sets a new password. `reset` (an administrator did it) makes the person choose their own at
 * the next sign-in; otherwise it is the person's own change. Either way every session of the
 * user ends (the caller of an own change then starts a fresh one for the device it came from).
 */
export async function setPassword(
	db: Kysely<Database>,
	userId: string,
	password: string,
	mode: { reset: true; byUserId: string | null } | { reset: false }
): Promise<void> {
	const valid = parseOrRefuse(passwordSchema, password, 'password');
	const passwordHash = await hashPassword(valid);
	await inTransaction(db, async (trx) => {
		const row = await findById(trx, userId);
		if (!row) throw new Refusal(404, 'user_not_found', 'No such account');
		assertPasswordFitsUser(valid, row.username);
		await trx
			.updateTable('users')
			.set({ password_hash: passwordHash, must_change_password: mode.reset ? 1 : 0, updated_at: new Date().toISOString() })
			.where('id', '=', userId)
			.execute();
		await deleteUserSessions(trx, userId);
		await appendAudit(trx, {
			action: mode.reset ? 'password_reset' : 'password_changed',
			actorUserId: mode.reset ? mode.byUserId : userId,
			detail: { userId, username: row.username }
		});
	});
}

export const roleChangeSchema = z
	.object({
		role: roleSchema,
		provinceCode: codeSchema,
		unitCode: codeSchema
	})
	.superRefine((p, ctx) => {
		const issue = placementIssue(p);
		if (issue) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
	});

/**
 * Gives an account another role. Province and commune default to the current ones; a commune is
 * dropped when the new role is not ward. Every session of the account ends: a device signed in
 * under the old role must not keep the data it pulled for that role without signing in again.
 */
export async function setRole(
	db: Kysely<Database>,
	username: string,
	change: { role: string; provinceCode?: number | null; unitCode?: number | null },
	byUserId: string | null
): Promise<PublicUser> {
	const row = await requireByUsername(db, username);
	const placement = parseOrRefuse(roleChangeSchema, {
		role: change.role,
		provinceCode: change.provinceCode !== undefined ? change.provinceCode : row.province_code,
		unitCode: change.unitCode !== undefined ? change.unitCode : change.role === 'ward' ? row.unit_code : null
	});
	await assertKnownPlacement(db, placement);
	const updated: UserRow = {
		...row,
		role: placement.role,
		province_code: placement.provinceCode,
		unit_code: placement.unitCode,
		updated_at: new Date().toISOString()
	};
	await inTransaction(db, async (trx) => {
		await trx
			.updateTable('users')
			.set({ role: updated.role, province_code: updated.province_code, unit_code: updated.unit_code, updated_at: updated.updated_at })
			.where('id', '=', row.id)
			.execute();
		await deleteUserSessions(trx, row.id);
		await appendAudit(trx, {
			action: 'role_changed',
			actorUserId: byUserId,
			detail: {
				userId: row.id,
				username: row.username,
				from: { role: row.role, provinceCode: row.province_code, unitCode: row.unit_code },
				to: { role: updated.role, provinceCode: updated.province_code, unitCode: updated.unit_code }
			}
		});
	});
	return toPublicUser(updated);
}
