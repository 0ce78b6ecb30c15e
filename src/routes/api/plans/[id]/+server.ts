// /api/plans/[id] — GET: one plan and its draws (404 for another province's, as for none).
import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { respond } from '$lib/server/http';
import { listDraws, readPlan } from '$lib/server/plans';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ params, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/plans/[id]');
		const { db } = await getDatabase();
		const plan = await readPlan(db, actor, params.id, 'GET /api/plans/[id]');
		return json({ plan, draws: await listDraws(db, actor, params.id) }, { headers: { 'cache-control': 'no-store' } });
	});
