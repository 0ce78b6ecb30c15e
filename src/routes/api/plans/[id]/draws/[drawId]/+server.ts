// /api/plans/[id]/draws/[drawId] — GET: the draw; once executed, everything needed to re-check it.
import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { respond } from '$lib/server/http';
import { readDraw } from '$lib/server/plans';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ params, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/plans/[id]/draws/[drawId]');
		const { db } = await getDatabase();
		return json({ draw: await readDraw(db, actor, params.id, params.drawId) }, { headers: { 'cache-control': 'no-store' } });
	});
