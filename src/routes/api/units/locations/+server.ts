// GET /api/units/locations?province= — where the province's units are (docs/units.md, "Unit locations").
import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { respond } from '$lib/server/http';
import { provinceFor, provinceUnitLocations } from '$lib/server/units';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ locals, url }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/units/locations');
		const province = await provinceFor(actor, 'GET /api/units/locations', url.searchParams.get('province'));
		const { db } = await getDatabase();
		return json(
			{ provinceCode: province.code, locations: await provinceUnitLocations(db, province.code) },
			{ headers: { 'cache-control': 'no-store' } }
		);
	});
