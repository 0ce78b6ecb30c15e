// /api/plans/[id]/team-candidates — GET: the accounts that can be on the plan's visits' teams.
import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { respond } from '$lib/server/http';
import { readPlan, teamCandidates } from '$lib/server/plans';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ params, locals }) =>
	respond(async () => {
		const route = 'GET /api/plans/[id]/team-candidates';
		const actor = authorize(locals, route);
		const { db } = await getDatabase();
		// 404 for another province's plan, as for none: the list is the plan's province's.
		const plan = await readPlan(db, actor, params.id, route);
		return json({ accounts: await teamCandidates(db, plan.provinceCode) }, { headers: { 'cache-control': 'no-store' } });
	});
