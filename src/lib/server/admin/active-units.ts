/**
 * Which communes of the official 2025 list a province has switched on for inspections
 * (/api/admin/units). The list itself is bundled (lib/units); the database keeps only the
 * switched-on codes in `active_units` (migration 003), so a commune can never be activated
 * unless it is in the official list, and the list can be updated without touching rows.
 *
 * Activating an active commune, or deactivating an inactive one, changes nothing and audits
 * nothing. Each real change commits together with its audit entry.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { loadUnits, type Commune, type Province } from '$lib/units/units';
import type { ProvinceUnits, UnitState } from '$lib/domain/protocol';
import { inTransaction, isUniqueViolation } from '../auth/transaction';
import type { Database } from '../db/schema';
import { parseOrRefuse, Refusal } from '../http';
import { appendAdminAudit } from './admin-audit';
import { assertManagesProvince, type AdminActor } from './guard';

/** The row migration 003 creates; kept here until schema.ts lists it with the other tables. */
export interface ActiveUnitsTable {
	unit_code: number;
	province_code: number;
	activated_at: string;
	/** The admin who switched it on; null from the command line. */
	activated_by: string | null;
}

type ActiveUnitsRow = ActiveUnitsTable;

const withActiveUnits = (db: Kysely<Database>) => db.withTables<{ active_units: ActiveUnitsTable }>();

export type { ProvinceUnits, UnitState };

/** A code in the URL; `issue` is the validation code when it is not a number. */
const codeText = (issue: string) =>
	z
		.string()
		.regex(/^\d{1,9}$/, issue)
		.transform(Number);
const provinceParamSchema = codeText('province_code_not_number');
const unitParamSchema = codeText('unit_code_not_number');
export const unitActivationSchema = z.object({ active: z.boolean({ error: 'active_required' }) });

function stateOf(commune: Commune, row: ActiveUnitsRow | undefined): UnitState {
	return {
		code: commune.code,
		name: commune.name,
		type: commune.type,
		provinceCode: commune.provinceCode,
		active: row !== undefined,
		activatedAt: row?.activated_at ?? null,
		activatedBy: row?.activated_by ?? null
	};
}

async function findProvince(code: number): Promise<Province> {
	const province = (await loadUnits()).find((p) => p.code === code);
	if (!province) throw new Refusal(404, 'province_not_found', `No province with code ${code} in the 2025 list`, 'province');
	return province;
}

async function findCommune(code: number): Promise<Commune> {
	for (const province of await loadUnits()) {
		const commune = province.communes.find((c) => c.code === code);
		if (commune) return commune;
	}
	throw new Refusal(404, 'unit_not_found', `No commune with code ${code} in the 2025 list`, 'code');
}

/**
 * The communes of a province with their `active` flag, in the official list's order.
 * `provinceParam` (the ?province= query) defaults to the admin's own province; a national admin
 * must name one.
 */
export async function listUnits(db: Kysely<Database>, admin: AdminActor, provinceParam: string | null): Promise<ProvinceUnits> {
	const code = provinceParam ? parseOrRefuse(provinceParamSchema, provinceParam, 'province') : admin.provinceCode;
	if (code === null) throw new Refusal(400, 'province_required', 'A national administrator must name the province', 'province');
	assertManagesProvince(admin, code, 'province');
	const province = await findProvince(code);
	const rows = await withActiveUnits(db).selectFrom('active_units').selectAll().where('province_code', '=', code).execute();
	const byCode = new Map(rows.map((r) => [Number(r.unit_code), r]));
	const units = province.communes.map((c) => stateOf(c, byCode.get(c.code)));
	return {
		province: { code: province.code, name: province.name },
		units,
		activeCount: units.filter((u) => u.active).length,
		total: units.length
	};
}

/** Switches one commune on or off; answers its state afterwards. */
export async function setUnitActive(db: Kysely<Database>, admin: AdminActor, codeParam: string, body: unknown): Promise<UnitState> {
	const code = parseOrRefuse(unitParamSchema, codeParam, 'code');
	const { active } = parseOrRefuse(unitActivationSchema, body);
	const commune = await findCommune(code);
	assertManagesProvince(admin, commune.provinceCode, 'code');
	const detail = { unitCode: commune.code, unitName: commune.name, provinceCode: commune.provinceCode };
	try {
		await inTransaction(db, async (trx) => {
			const table = withActiveUnits(trx);
			const existing = await table.selectFrom('active_units').select('unit_code').where('unit_code', '=', code).executeTakeFirst();
			if (active && !existing) {
				await table
					.insertInto('active_units')
					.values({
						unit_code: code,
						province_code: commune.provinceCode,
						activated_at: new Date().toISOString(),
						activated_by: admin.userId
					})
					.execute();
				await appendAdminAudit(trx, { action: 'unit_activated', actorUserId: admin.userId, detail });
			} else if (!active && existing) {
				await table.deleteFrom('active_units').where('unit_code', '=', code).execute();
				await appendAdminAudit(trx, { action: 'unit_deactivated', actorUserId: admin.userId, detail });
			}
		});
	} catch (error) {
		// Another admin switched it on at the same moment: on is what both wanted, and theirs is audited.
		if (!isUniqueViolation(error)) throw error;
	}
	const row = await withActiveUnits(db).selectFrom('active_units').selectAll().where('unit_code', '=', code).executeTakeFirst();
	return stateOf(commune, row);
}
