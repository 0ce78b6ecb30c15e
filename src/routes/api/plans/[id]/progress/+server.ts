// GET /api/plans/[id]/progress — the plan's visits by progress and its coverage per period (docs/plans.md).
import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { respond } from '$lib/server/http';
import { planProgress } from '$lib/server/plans';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ params, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/plans/[id]/progress');
		const { db } = await getDatabase();
		return json(await planProgress(db, actor, params.id), { headers: { 'cache-control': 'no-store' } });
	});
