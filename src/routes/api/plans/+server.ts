// /api/plans — POST: a supervisor makes a plan of visits; GET: the plans of their province (docs/draw.md).
import { json } from '@sveltejs/kit';
import { createPlanSchema } from '$lib/domain/protocol/plans';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { parseOrRefuse, respond } from '$lib/server/http';
import { readJsonBody } from '$lib/server/json-body';
import { createPlan, listPlans } from '$lib/server/plans';
import type { RequestHandler } from './$types';

export const prerender = false;
const noStore = { 'cache-control': 'no-store' };

export const POST: RequestHandler = ({ request, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'POST /api/plans');
		const input = parseOrRefuse(createPlanSchema, await readJsonBody(request, 'POST /api/plans'));
		const { db } = await getDatabase();
		return json({ plan: await createPlan(db, actor, input) }, { status: 201, headers: noStore });
	});

export const GET: RequestHandler = ({ locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/plans');
		const { db } = await getDatabase();
		return json({ plans: await listPlans(db, actor) }, { headers: noStore });
	});
