/**
 * Unit locations (migration 016; docs/units.md "Unit locations"): read by the province's staff
 * for the supervisor's presence warnings, set by the province admin or imported from CSV by the
 * operator. Each change commits with its audit entry.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { unitLocationBodySchema, type RowError, type UnitLocation, type UnitLocationRow } from '$lib/domain/unit-locations';
import { appendAdminAudit } from '../admin/admin-audit';
import { assertManagesProvince, type AdminActor } from '../admin/guard';
import { inTransaction } from '../auth/transaction';
import type { Database } from '../db/schema';
import { parseOrRefuse, Refusal } from '../http';
import { findUnit } from './unit-directory';

export interface UnitLocationsTable {
	unit_code: number;
	province_code: number;
	lat: number;
	lng: number;
	updated_at: string;
	updated_by: string | null;
}

const withLocations = (db: Kysely<Database>) => db.withTables<{ unit_locations: UnitLocationsTable }>();

const locationOf = (r: UnitLocationsTable): UnitLocation => ({
	unitCode: Number(r.unit_code),
	lat: Number(r.lat),
	lng: Number(r.lng),
	updatedAt: r.updated_at
});

const codeParam = z
	.string()
	.regex(/^\d{1,9}$/, 'unit_code_not_number')
	.transform(Number);

export async function provinceUnitLocations(db: Kysely<Database>, provinceCode: number): Promise<UnitLocation[]> {
	const rows = await withLocations(db)
		.selectFrom('unit_locations')
		.selectAll()
		.where('province_code', '=', provinceCode)
		.orderBy('unit_code')
		.execute();
	return rows.map(locationOf);
}

async function write(
	db: Kysely<Database>,
	r: { unitCode: number; provinceCode: number; lat: number; lng: number; by: string | null; now: string }
) {
	const columns = { province_code: r.provinceCode, lat: r.lat, lng: r.lng, updated_at: r.now, updated_by: r.by };
	await withLocations(db)
		.insertInto('unit_locations')
		.values({ unit_code: r.unitCode, ...columns })
		.onConflict((oc) => oc.column('unit_code').doUpdateSet(columns))
		.execute();
}

/** Sets or clears one unit's point (PUT /api/admin/unit-locations/<code>). */
export async function setUnitLocation(db: Kysely<Database>, admin: AdminActor, code: string, body: unknown): Promise<UnitLocation | null> {
	const unitCode = parseOrRefuse(codeParam, code, 'code');
	const { location } = parseOrRefuse(unitLocationBodySchema, body);
	const unit = await findUnit(db, unitCode);
	if (!unit) throw new Refusal(404, 'unit_not_found', `No unit with code ${unitCode}`, 'code');
	assertManagesProvince(admin, unit.provinceCode, 'code');
	const now = new Date().toISOString();
	return inTransaction(db, async (trx) => {
		if (location) await write(trx, { unitCode, provinceCode: unit.provinceCode, ...location, by: admin.userId, now });
		else await withLocations(trx).deleteFrom('unit_locations').where('unit_code', '=', unitCode).execute();
		await appendAdminAudit(trx, {
			action: 'unit_location_set',
			actorUserId: admin.userId,
			detail: { unitCode, unitName: unit.name, provinceCode: unit.provinceCode, lat: location?.lat ?? null, lng: location?.lng ?? null }
		});
		return location ? { unitCode, ...location, updatedAt: now } : null;
	});
}

/**
 * Imports parsed rows (the operator's command). Every unit must exist; with any error nothing
 * is written. Returns the errors by row, or how many locations were written.
 */
export async function importUnitLocations(
	db: Kysely<Database>,
	rows: readonly UnitLocationRow[]
): Promise<{ ok: true; imported: number } | { ok: false; errors: RowError[] }> {
	const errors: RowError[] = [];
	const known: { row: UnitLocationRow; provinceCode: number }[] = [];
	for (const row of rows) {
		const unit = await findUnit(db, row.unitCode);
		if (!unit) errors.push({ row: row.row, column: 'unit_code', message: `no unit with code ${row.unitCode}` });
		else known.push({ row, provinceCode: unit.provinceCode });
	}
	if (errors.length > 0) return { ok: false, errors };
	const now = new Date().toISOString();
	await inTransaction(db, async (trx) => {
		for (const { row, provinceCode } of known) await write(trx, { ...row, provinceCode, by: null, now });
		await appendAdminAudit(trx, { action: 'unit_locations_imported', actorUserId: null, detail: { count: known.length } });
	});
	return { ok: true, imported: known.length };
}
