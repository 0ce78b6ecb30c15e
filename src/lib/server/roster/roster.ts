/**
 * A unit's roster of counter officers on the server (docs/roster.md): read by the ward of the
 * unit and the province's inspectors, supervisors and admins; kept by the ward and the admins.
 * Each change commits with its audit entry; a change that changes nothing audits nothing.
 * Nothing here touches inspections, so no answer can tell a ward about a planned visit.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { uuidv7 } from '$lib/domain/ids';
import {
	canEditRoster,
	canReadRoster,
	rosterOfficerCreateSchema,
	rosterOfficerPatchSchema,
	type RosterOfficer,
	type UnitRoster
} from '$lib/domain/roster';
import { appendAdminAudit } from '../admin/admin-audit';
import { inTransaction } from '../auth/transaction';
import type { Database } from '../db/schema';
import { parseOrRefuse, Refusal } from '../http';
import type { Actor } from '../sync/actor';
import { findUnit, type KnownUnit } from '../units';
import { findRosterOfficer, rosterOfficerOf, withRosterTable } from './roster-table';

const unitCodeParam = z
	.string()
	.regex(/^\d{1,9}$/, 'unit_code_not_number')
	.transform(Number);
const officerIdParam = z.uuid({ message: 'invalid_id' });

/** The unit a request names; unknown is 404 before anyone's right to it is looked at (units are public). */
async function unitOf(db: Kysely<Database>, codeParam: string): Promise<KnownUnit> {
	const code = parseOrRefuse(unitCodeParam, codeParam, 'code');
	const unit = await findUnit(db, code);
	if (!unit) throw new Refusal(404, 'unit_not_found', `No unit with code ${code}`, 'code');
	return unit;
}

const refuse = () => new Refusal(403, 'forbidden', "This account may not see or keep this unit's roster", 'code');

export async function rosterOf(db: Kysely<Database>, actor: Actor, codeParam: string): Promise<UnitRoster> {
	const unit = await unitOf(db, codeParam);
	if (!canReadRoster(actor, unit)) throw refuse();
	const rows = await withRosterTable(db)
		.selectFrom('roster_officers')
		.selectAll()
		.where('unit_code', '=', unit.code)
		.orderBy('name')
		.orderBy('id')
		.execute();
	return { unitCode: unit.code, officers: rows.map(rosterOfficerOf) };
}

export async function addRosterOfficer(db: Kysely<Database>, actor: Actor, codeParam: string, body: unknown): Promise<RosterOfficer> {
	const unit = await unitOf(db, codeParam);
	if (!canEditRoster(actor, unit)) throw refuse();
	const input = parseOrRefuse(rosterOfficerCreateSchema, body);
	const now = new Date().toISOString();
	const row = {
		id: uuidv7(),
		unit_code: unit.code,
		province_code: unit.provinceCode,
		name: input.name,
		position: input.position,
		field: input.field,
		active: 1,
		created_at: now,
		updated_at: now,
		created_by: actor.userId
	};
	await inTransaction(db, async (trx) => {
		await withRosterTable(trx).insertInto('roster_officers').values(row).execute();
		await appendAdminAudit(trx, {
			action: 'roster_officer_added',
			actorUserId: actor.userId,
			detail: { unitCode: unit.code, unitName: unit.name, provinceCode: unit.provinceCode, rosterId: row.id, officerName: row.name }
		});
	});
	return rosterOfficerOf(row);
}

export async function updateRosterOfficer(
	db: Kysely<Database>,
	actor: Actor,
	codeParam: string,
	idParam: string,
	body: unknown
): Promise<RosterOfficer> {
	const unit = await unitOf(db, codeParam);
	if (!canEditRoster(actor, unit)) throw refuse();
	const id = parseOrRefuse(officerIdParam, idParam, 'id');
	const patch = parseOrRefuse(rosterOfficerPatchSchema, body);
	const before = await findRosterOfficer(db, id);
	if (!before || before.unitCode !== unit.code)
		throw new Refusal(404, 'roster_officer_not_found', `No officer ${id} on the roster of unit ${unit.code}`, 'id');
	const changed = {
		name: patch.name ?? before.name,
		position: patch.position ?? before.position,
		field: patch.field ?? before.field,
		active: patch.active ?? before.active
	};
	if (
		changed.name === before.name &&
		changed.position === before.position &&
		changed.field === before.field &&
		changed.active === before.active
	)
		return before;
	const after: RosterOfficer = { ...before, ...changed, updatedAt: new Date().toISOString() };
	await inTransaction(db, async (trx) => {
		await withRosterTable(trx)
			.updateTable('roster_officers')
			.set({ name: after.name, position: after.position, field: after.field, active: after.active ? 1 : 0, updated_at: after.updatedAt })
			.where('id', '=', before.id)
			.execute();
		await appendAdminAudit(trx, {
			action: 'roster_officer_changed',
			actorUserId: actor.userId,
			detail: {
				unitCode: unit.code,
				unitName: unit.name,
				provinceCode: unit.provinceCode,
				rosterId: before.id,
				officerName: after.name,
				active: after.active
			}
		});
	});
	return after;
}
