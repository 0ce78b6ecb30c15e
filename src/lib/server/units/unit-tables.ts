/**
 * The rows migration 014 creates (centre branches and reception points), kept here with the code
 * that reads them, like active-units.ts keeps `active_units`, so schema.ts stays untouched.
 */
import type { Kysely } from 'kysely';
import type { ReceptionPoint } from '$lib/domain/units-2025';
import type { Database } from '../db/schema';

export interface CentreUnitsTable {
	code: number;
	kind: string;
	province_code: number;
	name: string;
	/** 1 open, 0 closed (a closed branch is kept: records name it). */
	active: number;
	created_at: string;
	created_by: string | null;
}

export interface ReceptionPointsTable {
	id: string;
	unit_code: number;
	province_code: number;
	name: string;
	address: string;
	active: number;
	created_at: string;
	created_by: string | null;
}

export type UnitTables = { centre_units: CentreUnitsTable; reception_points: ReceptionPointsTable };

export const withUnitTables = (db: Kysely<Database>) => db.withTables<UnitTables>();

export const pointOf = (r: ReceptionPointsTable): ReceptionPoint => ({
	id: r.id,
	unitCode: Number(r.unit_code),
	name: r.name,
	address: r.address,
	active: Number(r.active) === 1
});
