/**
 * Which units an inspection may name, and their reception points (docs/units.md): communes from
 * the bundled official list, the provincial centre derived from it (one per province, always
 * open), branches and reception points from the database (migration 014).
 */
import type { Kysely } from 'kysely';
import type { UnitRef } from '$lib/domain/inspection';
import {
	provinceOfCentreCode,
	provincialCentreCode,
	provincialCentreName,
	unitKindOf,
	type CentreUnit,
	type ReceptionPoint,
	type UnitDirectory,
	type UnitKind
} from '$lib/domain/units-2025';
import { findCommune, loadUnits, type Province } from '$lib/units/units';
import type { Database } from '../db/schema';
import { pointOf, withUnitTables } from './unit-tables';

/** A unit as the server knows it: the official names, its kind, and whether it is open. */
export interface KnownUnit extends UnitRef {
	kind: UnitKind;
	active: boolean;
}

export async function findProvince(code: number): Promise<Province | undefined> {
	return (await loadUnits()).find((p) => p.code === code);
}

function provincialCentre(province: Province): CentreUnit {
	return {
		code: provincialCentreCode(province.code),
		kind: 'provincial_centre',
		name: provincialCentreName(province.name),
		provinceCode: province.code,
		active: true
	};
}

/**
 * The unit with this code, or undefined when there is none. A commune is always open here (its
 * one-stop is its commune-level centre; activation in active_units is the province's planning
 * list, not a condition of a visit); a branch is open until its admin closes it.
 */
export async function findUnit(db: Kysely<Database>, code: number): Promise<KnownUnit | undefined> {
	const kind = unitKindOf(code);
	if (kind === 'commune') {
		const c = await findCommune(code);
		return c && { code: c.code, name: c.name, provinceCode: c.provinceCode, provinceName: c.provinceName, kind, active: true };
	}
	const province = await findProvince(provinceOfCentreCode(code)!);
	if (!province) return undefined;
	if (kind === 'provincial_centre') return { ...provincialCentre(province), provinceName: province.name };
	const row = await withUnitTables(db).selectFrom('centre_units').selectAll().where('code', '=', code).executeTakeFirst();
	if (!row) return undefined;
	return { code, name: row.name, provinceCode: province.code, provinceName: province.name, kind, active: Number(row.active) === 1 };
}

export async function findReceptionPoint(db: Kysely<Database>, id: string): Promise<ReceptionPoint | undefined> {
	const row = await withUnitTables(db).selectFrom('reception_points').selectAll().where('id', '=', id.toLowerCase()).executeTakeFirst();
	return row && pointOf(row);
}

/** A province's centre, its branches (by code) and every reception point of its units (by unit, then name). */
export async function unitDirectory(db: Kysely<Database>, province: Province): Promise<UnitDirectory> {
	const tables = withUnitTables(db);
	const branches = await tables.selectFrom('centre_units').selectAll().where('province_code', '=', province.code).orderBy('code').execute();
	const points = await tables.selectFrom('reception_points').selectAll().where('province_code', '=', province.code).execute();
	// Sorted here, not in SQL: the two databases collate Vietnamese differently.
	const byUnitThenName = (a: ReceptionPoint, b: ReceptionPoint) => a.unitCode - b.unitCode || a.name.localeCompare(b.name, 'vi');
	return {
		province: { code: province.code, name: province.name },
		centres: [
			provincialCentre(province),
			...branches.map((b): CentreUnit => ({
				code: Number(b.code),
				kind: 'branch',
				name: b.name,
				provinceCode: province.code,
				active: Number(b.active) === 1
			}))
		],
		receptionPoints: points.map(pointOf).sort(byUnitThenName)
	};
}
