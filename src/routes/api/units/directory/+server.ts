// GET /api/units/directory?province= — the province's centre, branches and reception points (docs/units.md).
import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { respond } from '$lib/server/http';
import { directoryFor } from '$lib/server/units';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ locals, url }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/units/directory');
		const { db } = await getDatabase();
		return json(await directoryFor(db, actor, url.searchParams.get('province')), { headers: { 'cache-control': 'no-store' } });
	});
