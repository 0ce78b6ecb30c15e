// GET /api/admin/units?province= — the province's communes (official list) with `active` flags.
import { json } from '@sveltejs/kit';
import { listUnits, requireAdmin } from '$lib/server/admin';
import { getDatabase } from '$lib/server/db';
import { respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = (event) =>
	respond(async () => {
		const admin = requireAdmin(event.locals, 'GET /api/admin/units');
		const { db } = await getDatabase();
		const units = await listUnits(db, admin, event.url.searchParams.get('province'));
		return json(units, { headers: { 'cache-control': 'no-store' } });
	});
