/** The rows migration 017 creates, kept beside the code that reads them (like unit-tables.ts). */
import type { Kysely } from 'kysely';
import type { RosterOfficer } from '$lib/domain/roster';
import type { Database } from '../db/schema';

export interface RosterOfficersTable {
	id: string;
	unit_code: number;
	province_code: number;
	name: string;
	position: string;
	field: string;
	/** 1 at the counter, 0 left (kept: inspections name the officer by id). */
	active: number;
	created_at: string;
	updated_at: string;
	created_by: string | null;
}

export const withRosterTable = (db: Kysely<Database>) => db.withTables<{ roster_officers: RosterOfficersTable }>();

export const rosterOfficerOf = (r: RosterOfficersTable): RosterOfficer => ({
	id: r.id,
	unitCode: Number(r.unit_code),
	name: r.name,
	position: r.position,
	field: r.field,
	active: Number(r.active) === 1,
	updatedAt: r.updated_at
});

export async function findRosterOfficer(db: Kysely<Database>, id: string): Promise<RosterOfficer | undefined> {
	const row = await withRosterTable(db).selectFrom('roster_officers').selectAll().where('id', '=', id.toLowerCase()).executeTakeFirst();
	return row && rosterOfficerOf(row);
}
