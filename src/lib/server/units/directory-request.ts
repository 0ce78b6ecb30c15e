/**
 * GET /api/units/directory?province=: who may read which province's directory. The province
 * defaults to the caller's own; a national account must name one; another province's is 403.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { ApiRoute } from '$lib/domain/permissions';
import type { UnitDirectory } from '$lib/domain/units-2025';
import type { Province } from '$lib/units/units';
import { authorizeProvince } from '../authorize';
import type { Database } from '../db/schema';
import { parseOrRefuse, Refusal } from '../http';
import type { Actor } from '../sync/actor';
import { findProvince, unitDirectory } from './unit-directory';

const provinceParam = z
	.string()
	.regex(/^\d{1,9}$/, 'province_code_not_number')
	.transform(Number);

export async function directoryFor(db: Kysely<Database>, actor: Actor, provinceText: string | null): Promise<UnitDirectory> {
	return unitDirectory(db, await provinceFor(actor, 'GET /api/units/directory', provinceText));
}

/** The province a province-scoped read names (?province=), checked against the caller's own. */
export async function provinceFor(actor: Actor, route: ApiRoute, provinceText: string | null): Promise<Province> {
	const code = provinceText ? parseOrRefuse(provinceParam, provinceText, 'province') : actor.provinceCode;
	if (code === null) throw new Refusal(400, 'province_required', 'A national account must name the province', 'province');
	authorizeProvince(actor, route, code);
	const province = await findProvince(code);
	if (!province) throw new Refusal(404, 'province_not_found', `No province with code ${code} in the 2025 list`, 'province');
	return province;
}
