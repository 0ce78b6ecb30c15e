// /api/plans/[id]/draws — POST: commit a draw (the seed's hash and the rule; docs/draw.md).
import { json } from '@sveltejs/kit';
import { commitDrawSchema } from '$lib/domain/protocol/plans';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { parseOrRefuse, respond } from '$lib/server/http';
import { readJsonBody } from '$lib/server/json-body';
import { commitDraw } from '$lib/server/plans';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = ({ params, request, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'POST /api/plans/[id]/draws');
		const input = parseOrRefuse(commitDrawSchema, await readJsonBody(request, 'POST /api/plans/[id]/draws'));
		const { db } = await getDatabase();
		return json({ draw: await commitDraw(db, actor, params.id, input) }, { status: 201, headers: { 'cache-control': 'no-store' } });
	});
