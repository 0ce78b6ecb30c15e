// /api/plans/inspections — POST: a supervisor plans a visit; GET: the plans the caller may see.
import { json } from '@sveltejs/kit';
import { planRequestSchema } from '$lib/domain/plans';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { parseOrRefuse, respond } from '$lib/server/http';
import { readJsonBody } from '$lib/server/json-body';
import { plans } from '$lib/server/plans';
import type { RequestHandler } from './$types';

export const prerender = false;
const noStore = { 'cache-control': 'no-store' };

export const POST: RequestHandler = ({ request, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'POST /api/plans/inspections');
		const input = parseOrRefuse(planRequestSchema, await readJsonBody(request, 'POST /api/plans/inspections'));
		const { db } = await getDatabase();
		return json({ plan: await plans.create(db, actor, input) }, { status: 201, headers: noStore });
	});

export const GET: RequestHandler = ({ locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/plans/inspections');
		const { db } = await getDatabase();
		return json({ plans: await plans.list(db, actor) }, { headers: noStore });
	});
