// GET /api/inspections/[id]/team-keys — the public keys of the record's team, held by the phones before the visit.
import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { teamKeys } from '$lib/server/device-keys';
import { respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ params, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/inspections/[id]/team-keys');
		const { db } = await getDatabase();
		return json(await teamKeys(db, actor, params.id), { headers: { 'cache-control': 'no-store' } });
	});
