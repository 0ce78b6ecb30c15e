// GET /api/sync/pull?cursor=&clientId=&limit= — changes the user may see, in commit order.
import { getDatabase } from '$lib/server/db';
import { parseOrRefuse, respond } from '$lib/server/http';
import { authorize } from '$lib/server/authorize';
import { pullQuerySchema } from '$lib/domain/protocol';
import { pullPageBody } from '$lib/server/sync';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ url, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/sync/pull');
		const query = parseOrRefuse(pullQuerySchema, Object.fromEntries(url.searchParams));
		const { db } = await getDatabase();
		// The page is written from the stored JSON of its rows (bounded by rows and bytes).
		const { body } = await pullPageBody(db, actor, query);
		return new Response(body, { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
	});
