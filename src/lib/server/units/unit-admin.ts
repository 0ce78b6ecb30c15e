/**
 * A province admin's changes to the 2025 unit model (docs/units.md): branches of the provincial
 * centre, and reception points of any unit of the province (commune, centre or branch). Nothing
 * is ever deleted: records name branches and points, so closing (active: false) is how they end.
 * Each change commits together with its audit entry; a change that changes nothing audits nothing.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { uuidv7 } from '$lib/domain/ids';
import {
	branchCreateSchema,
	branchPatchSchema,
	nextBranchCode,
	receptionPointCreateSchema,
	receptionPointPatchSchema,
	type CentreUnit,
	type ReceptionPoint
} from '$lib/domain/units-2025';
import { appendAdminAudit } from '../admin/admin-audit';
import { assertManagesProvince, type AdminActor } from '../admin/guard';
import { inTransaction, isUniqueViolation } from '../auth/transaction';
import type { Database } from '../db/schema';
import { parseOrRefuse, Refusal } from '../http';
import { findProvince, findReceptionPoint, findUnit } from './unit-directory';
import { pointOf, withUnitTables } from './unit-tables';

const branchCodeParam = z
	.string()
	.regex(/^\d{1,9}$/, 'unit_code_not_number')
	.transform(Number);
const pointIdParam = z.uuid({ message: 'invalid_id' });

function branchOf(row: { code: number; name: string; province_code: number; active: number }): CentreUnit {
	return {
		code: Number(row.code),
		kind: 'branch',
		name: row.name,
		provinceCode: Number(row.province_code),
		active: Number(row.active) === 1
	};
}

/** A new point's or branch's name clashing with another of the same unit is `already_exists`. */
async function uniquely<T>(work: () => Promise<T>, what: string): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (isUniqueViolation(error)) throw new Refusal(409, 'already_exists', `${what} already exists`, 'name');
		throw error;
	}
}

/** Creates a branch of the province's centre under the first free code (900000 + province × 100 + n). */
export async function createBranch(db: Kysely<Database>, admin: AdminActor, body: unknown): Promise<CentreUnit> {
	const input = parseOrRefuse(branchCreateSchema, body);
	assertManagesProvince(admin, input.provinceCode, 'provinceCode');
	if (!(await findProvince(input.provinceCode)))
		throw new Refusal(404, 'province_not_found', `No province with code ${input.provinceCode} in the 2025 list`, 'provinceCode');
	return uniquely(
		() =>
			inTransaction(db, async (trx) => {
				const tables = withUnitTables(trx);
				const taken = await tables.selectFrom('centre_units').select('code').where('province_code', '=', input.provinceCode).execute();
				const code = nextBranchCode(
					input.provinceCode,
					taken.map((t) => Number(t.code))
				);
				if (code === null) throw new Refusal(409, 'too_many_branches', 'A province has at most 99 branches', 'provinceCode');
				const row = {
					code,
					kind: 'branch',
					province_code: input.provinceCode,
					name: input.name,
					active: 1,
					created_at: new Date().toISOString(),
					created_by: admin.userId
				};
				await tables.insertInto('centre_units').values(row).execute();
				await appendAdminAudit(trx, {
					action: 'branch_created',
					actorUserId: admin.userId,
					detail: { unitCode: code, unitName: input.name, provinceCode: input.provinceCode }
				});
				return branchOf(row);
			}),
		'A branch with this code'
	);
}

/** Renames, closes or reopens a branch. */
export async function updateBranch(db: Kysely<Database>, admin: AdminActor, codeParam: string, body: unknown): Promise<CentreUnit> {
	const code = parseOrRefuse(branchCodeParam, codeParam, 'code');
	const patch = parseOrRefuse(branchPatchSchema, body);
	const unit = await findUnit(db, code);
	if (!unit || unit.kind !== 'branch') throw new Refusal(404, 'unit_not_found', `No branch with code ${code}`, 'code');
	assertManagesProvince(admin, unit.provinceCode, 'code');
	return inTransaction(db, async (trx) => {
		const tables = withUnitTables(trx);
		const before = await tables.selectFrom('centre_units').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
		const after = {
			...before,
			name: patch.name ?? before.name,
			active: patch.active === undefined ? Number(before.active) : patch.active ? 1 : 0
		};
		if (after.name !== before.name || after.active !== Number(before.active)) {
			await tables.updateTable('centre_units').set({ name: after.name, active: after.active }).where('code', '=', code).execute();
			await appendAdminAudit(trx, {
				action: 'branch_changed',
				actorUserId: admin.userId,
				detail: { unitCode: code, unitName: after.name, provinceCode: unit.provinceCode, active: after.active === 1 }
			});
		}
		return branchOf(after);
	});
}

/** Adds a reception point to a unit of the admin's province. */
export async function createReceptionPoint(db: Kysely<Database>, admin: AdminActor, body: unknown): Promise<ReceptionPoint> {
	const input = parseOrRefuse(receptionPointCreateSchema, body);
	const unit = await findUnit(db, input.unitCode);
	if (!unit) throw new Refusal(404, 'unit_not_found', `No unit with code ${input.unitCode}`, 'unitCode');
	assertManagesProvince(admin, unit.provinceCode, 'unitCode');
	const row = {
		id: uuidv7(),
		unit_code: unit.code,
		province_code: unit.provinceCode,
		name: input.name,
		address: input.address,
		active: 1,
		created_at: new Date().toISOString(),
		created_by: admin.userId
	};
	await uniquely(
		() =>
			inTransaction(db, async (trx) => {
				await withUnitTables(trx).insertInto('reception_points').values(row).execute();
				await appendAdminAudit(trx, {
					action: 'reception_point_created',
					actorUserId: admin.userId,
					detail: { unitCode: unit.code, unitName: unit.name, provinceCode: unit.provinceCode, pointName: input.name }
				});
			}),
		'A reception point with this name at this unit'
	);
	return pointOf(row);
}

/** Renames, moves the address of, closes or reopens a reception point. */
export async function updateReceptionPoint(
	db: Kysely<Database>,
	admin: AdminActor,
	idParam: string,
	body: unknown
): Promise<ReceptionPoint> {
	const id = parseOrRefuse(pointIdParam, idParam, 'id');
	const patch = parseOrRefuse(receptionPointPatchSchema, body);
	const point = await findReceptionPoint(db, id);
	if (!point) throw new Refusal(404, 'reception_point_not_found', `No reception point ${id}`, 'id');
	const unit = await findUnit(db, point.unitCode);
	assertManagesProvince(admin, unit?.provinceCode ?? null, 'id');
	const after: ReceptionPoint = {
		...point,
		name: patch.name ?? point.name,
		address: patch.address ?? point.address,
		active: patch.active ?? point.active
	};
	if (after.name === point.name && after.address === point.address && after.active === point.active) return point;
	await uniquely(
		() =>
			inTransaction(db, async (trx) => {
				await withUnitTables(trx)
					.updateTable('reception_points')
					.set({ name: after.name, address: after.address, active: after.active ? 1 : 0 })
					.where('id', '=', point.id)
					.execute();
				await appendAdminAudit(trx, {
					action: 'reception_point_changed',
					actorUserId: admin.userId,
					detail: { unitCode: point.unitCode, unitName: unit?.name ?? '', pointName: after.name, active: after.active }
				});
			}),
		'A reception point with this name at this unit'
	);
	return after;
}
