/**
 * A unit's feedback points on the server (docs/feedback-point.md): created, rotated and revoked by
 * the unit's ward or an admin of its province, listed for them and the province's supervisors.
 * Each change commits with its audit entry. A unit has at most one active point (migration 030);
 * rotating revokes the old point and points it at the new one (`replaced_by`), so the old
 * poster's page says plainly that it is out of date.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { canManageFeedbackPoint, canSeeFeedbackPoint } from '$lib/domain/feedback-point';
import {
	feedbackPointCreateSchema,
	feedbackTokenSchema,
	type FeedbackPoint,
	type FeedbackPointRotation
} from '$lib/domain/protocol/feedback-points';
import { appendAdminAudit } from '../admin/admin-audit';
import { inTransaction, isUniqueViolation } from '../auth/transaction';
import type { Database, FeedbackPointsTable } from '../db/schema';
import { parseOrRefuse, Refusal } from '../http';
import type { Actor } from '../sync/actor';
import { findUnit, type KnownUnit } from '../units';

/** 32 bytes from the system's CSPRNG: 256 bits, nothing to guess or count through. */
export const newFeedbackToken = (): string => randomBytes(32).toString('base64url');

const unitCodeParam = z
	.string()
	.regex(/^\d{1,9}$/, 'unit_code_not_number')
	.transform(Number);
const provinceParam = z
	.string()
	.regex(/^\d{1,3}$/, 'province_not_number')
	.transform(Number);
const pointIdParam = z.uuid({ message: 'invalid_id' });

async function unitNamed(db: Kysely<Database>, code: number): Promise<KnownUnit> {
	const unit = await findUnit(db, code);
	if (!unit) throw new Refusal(404, 'unit_not_found', `No unit with code ${code}`, 'unitCode');
	return unit;
}

/** Names by unit code, each looked up once (the bundled list and the centre's branches). */
async function unitNames(db: Kysely<Database>, codes: Iterable<number>): Promise<Map<number, string>> {
	const names = new Map<number, string>();
	for (const code of new Set(codes)) names.set(code, (await findUnit(db, code))?.name ?? String(code));
	return names;
}

const pointOf = (row: FeedbackPointsTable, unitName: string): FeedbackPoint => ({
	id: row.id,
	unitCode: Number(row.unit_code),
	unitName,
	provinceCode: Number(row.province_code),
	token: row.token,
	status: row.status === 'active' ? 'active' : 'revoked',
	replacedBy: row.replaced_by,
	createdAt: row.created_at,
	revokedAt: row.revoked_at
});

const unitOfRow = (row: FeedbackPointsTable) => ({ code: Number(row.unit_code), provinceCode: Number(row.province_code) });

/**
 * The points the actor may see: a ward its own unit's, supervisors and admins their province's
 * (a national admin every province's, or the one named by `province`); `unit` narrows to one unit.
 */
export async function listFeedbackPoints(db: Kysely<Database>, actor: Actor, query: URLSearchParams): Promise<FeedbackPoint[]> {
	const unitText = query.get('unit');
	const provinceText = query.get('province');
	const unit = unitText === null ? null : parseOrRefuse(unitCodeParam, unitText, 'unit');
	const province = provinceText === null ? null : parseOrRefuse(provinceParam, provinceText, 'province');
	if (province !== null) refuseOtherProvince(actor, province);
	let q = db.selectFrom('feedback_points').selectAll().orderBy('created_at', 'desc').orderBy('id');
	if (actor.role === 'ward') q = q.where('unit_code', '=', actor.unitCode ?? -1);
	else if (actor.provinceCode !== null) q = q.where('province_code', '=', actor.provinceCode);
	if (province !== null) q = q.where('province_code', '=', province);
	if (unit !== null) q = q.where('unit_code', '=', unit);
	const rows = (await q.execute()).filter((row) => canSeeFeedbackPoint(actor, unitOfRow(row)));
	const names = await unitNames(
		db,
		rows.map((r) => Number(r.unit_code))
	);
	return rows.map((row) => pointOf(row, names.get(Number(row.unit_code))!));
}

const refuse = () => new Refusal(403, 'forbidden', "This account may not keep this unit's feedback point");

/** A request that names another province than the account's is refused (apiRules scope 'province'), not answered empty. */
export function refuseOtherProvince(actor: Actor, provinceCode: number): void {
	if (actor.provinceCode !== null && actor.provinceCode !== provinceCode)
		throw new Refusal(403, 'forbidden', "This province is outside the account's province", 'province');
}
const pointExists = (code: number) =>
	new Refusal(409, 'feedback_point_exists', `Unit ${code} already has an active feedback point: rotate or revoke it`, 'unitCode');

/** Makes the unit's point. 409 `feedback_point_exists` while it has an active one. */
export async function createFeedbackPoint(db: Kysely<Database>, actor: Actor, body: unknown): Promise<FeedbackPoint> {
	const input = parseOrRefuse(feedbackPointCreateSchema, body);
	const unit = await unitNamed(db, input.unitCode);
	if (!canManageFeedbackPoint(actor, unit)) throw refuse();
	const row = newRow(unit, actor);
	try {
		await inTransaction(db, async (trx) => {
			const active = await trx
				.selectFrom('feedback_points')
				.select('id')
				.where('unit_code', '=', unit.code)
				.where('status', '=', 'active')
				.executeTakeFirst();
			if (active) throw pointExists(unit.code);
			await trx.insertInto('feedback_points').values(row).execute();
			await appendAdminAudit(trx, {
				action: 'feedback_point_created',
				actorUserId: actor.userId,
				detail: { unitCode: unit.code, unitName: unit.name, provinceCode: unit.provinceCode, pointId: row.id }
			});
		});
	} catch (error) {
		// Someone made one at the same moment (the partial unique index of migration 030).
		if (isUniqueViolation(error)) throw pointExists(unit.code);
		throw error;
	}
	return pointOf(row, unit.name);
}

function newRow(unit: { code: number; provinceCode: number }, actor: Actor): FeedbackPointsTable {
	return {
		id: randomUUID(),
		unit_code: unit.code,
		province_code: unit.provinceCode,
		token: newFeedbackToken(),
		status: 'active',
		replaced_by: null,
		created_by: actor.userId,
		created_at: new Date().toISOString(),
		revoked_by: null,
		revoked_at: null
	};
}

/**
 * The point `idParam` names, for an actor who keeps it: 404 when there is none, 403 when it is
 * another unit's or province's (its existence is no secret: its token hangs on a wall).
 */
async function managedPoint(db: Kysely<Database>, actor: Actor, idParam: string): Promise<{ row: FeedbackPointsTable; unit: KnownUnit }> {
	const id = parseOrRefuse(pointIdParam, idParam, 'id');
	const row = await db.selectFrom('feedback_points').selectAll().where('id', '=', id).executeTakeFirst();
	if (!row) throw new Refusal(404, 'feedback_point_not_found', `No feedback point ${id}`, 'id');
	if (!canManageFeedbackPoint(actor, unitOfRow(row))) throw refuse();
	return { row, unit: await unitNamed(db, Number(row.unit_code)) };
}

/**
 * Replaces the point's token: the old point is revoked (its page says the poster is out of date)
 * and names the new one, which starts with no answers of its own. 409 `feedback_point_revoked`
 * for a point already revoked: a revoked poster is not brought back, a new point is made instead.
 */
export async function rotateFeedbackPoint(db: Kysely<Database>, actor: Actor, idParam: string): Promise<FeedbackPointRotation> {
	const { row, unit } = await managedPoint(db, actor, idParam);
	const fresh = newRow(unit, actor);
	const at = fresh.created_at;
	await inTransaction(db, async (trx) => {
		// Revoked first, so the new row does not meet the old one in the one-active index.
		const revoked = await trx
			.updateTable('feedback_points')
			.set({ status: 'revoked', revoked_by: actor.userId, revoked_at: at, replaced_by: fresh.id })
			.where('id', '=', row.id)
			.where('status', '=', 'active')
			.executeTakeFirst();
		if (Number(revoked.numUpdatedRows) === 0)
			throw new Refusal(409, 'feedback_point_revoked', 'This feedback point is revoked; create a new one', 'id');
		await trx.insertInto('feedback_points').values(fresh).execute();
		await appendAdminAudit(trx, {
			action: 'feedback_point_rotated',
			actorUserId: actor.userId,
			detail: { unitCode: unit.code, unitName: unit.name, provinceCode: unit.provinceCode, pointId: row.id, newPointId: fresh.id }
		});
	});
	return {
		point: pointOf(fresh, unit.name),
		replaced: pointOf({ ...row, status: 'revoked', revoked_by: actor.userId, revoked_at: at, replaced_by: fresh.id }, unit.name)
	};
}

/** Revokes the point: its poster's page and its answers are refused from now on. Revoking it again changes nothing. */
export async function revokeFeedbackPoint(db: Kysely<Database>, actor: Actor, idParam: string): Promise<FeedbackPoint> {
	const { row, unit } = await managedPoint(db, actor, idParam);
	if (row.status !== 'active') return pointOf(row, unit.name);
	const after = { ...row, status: 'revoked', revoked_by: actor.userId, revoked_at: new Date().toISOString() };
	await inTransaction(db, async (trx) => {
		await trx
			.updateTable('feedback_points')
			.set({ status: after.status, revoked_by: after.revoked_by, revoked_at: after.revoked_at })
			.where('id', '=', row.id)
			.where('status', '=', 'active')
			.execute();
		await appendAdminAudit(trx, {
			action: 'feedback_point_revoked',
			actorUserId: actor.userId,
			detail: { unitCode: unit.code, unitName: unit.name, provinceCode: unit.provinceCode, pointId: row.id }
		});
	});
	return pointOf(after, unit.name);
}

/** The point a public request's token names (any status), or undefined for a token that is not one. */
export async function pointByToken(db: Kysely<Database>, token: string): Promise<FeedbackPointsTable | undefined> {
	if (!feedbackTokenSchema.safeParse(token).success) return undefined;
	return db.selectFrom('feedback_points').selectAll().where('token', '=', token).executeTakeFirst();
}

/** The unit's official name for a point's page and poster. */
export async function unitNameOf(db: Kysely<Database>, code: number): Promise<string> {
	return (await findUnit(db, code))?.name ?? String(code);
}
