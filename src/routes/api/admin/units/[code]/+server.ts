// PUT /api/admin/units/[code] — { active: boolean }: switches one commune on or off.
import { json } from '@sveltejs/kit';
import { requireAdmin, setUnitActive } from '$lib/server/admin';
import { getDatabase } from '$lib/server/db';
import { readJsonBody, respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

export const PUT: RequestHandler = (event) =>
	respond(async () => {
		const admin = requireAdmin(event.locals, 'PUT /api/admin/units/[code]');
		const body = await readJsonBody(event.request);
		const { db } = await getDatabase();
		const unit = await setUnitActive(db, admin, event.params.code, body);
		return json({ unit }, { headers: { 'cache-control': 'no-store' } });
	});
