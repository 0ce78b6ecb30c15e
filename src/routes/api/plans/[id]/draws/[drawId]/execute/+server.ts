// /api/plans/[id]/draws/[drawId]/execute — POST: fix the candidates, reveal the seed, create the visits.
import { json } from '@sveltejs/kit';
import { executeDrawSchema } from '$lib/domain/protocol/plans';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { parseOrRefuse, respond } from '$lib/server/http';
import { readJsonBody } from '$lib/server/json-body';
import { executeDraw } from '$lib/server/plans';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = ({ params, request, locals }) =>
	respond(async () => {
		const route = 'POST /api/plans/[id]/draws/[drawId]/execute';
		const actor = authorize(locals, route);
		const input = parseOrRefuse(executeDrawSchema, await readJsonBody(request, route));
		const { db } = await getDatabase();
		return json({ draw: await executeDraw(db, actor, params.id, params.drawId, input) }, { headers: { 'cache-control': 'no-store' } });
	});
