// GET /api/plans/visits?planId=|from=&to=[&status=][&province=] — the supervisor's list and calendar of visits (docs/plans.md).
import { json } from '@sveltejs/kit';
import { planVisitsQuerySchema } from '$lib/domain/protocol/plan-visits';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { parseOrRefuse, respond } from '$lib/server/http';
import { listPlanVisits } from '$lib/server/plans';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ url, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/plans/visits');
		const query = parseOrRefuse(planVisitsQuerySchema, Object.fromEntries(url.searchParams));
		const { db } = await getDatabase();
		return json(await listPlanVisits(db, actor, query), { headers: { 'cache-control': 'no-store' } });
	});
