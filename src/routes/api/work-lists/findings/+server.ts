// GET /api/work-lists/findings?list=overdue|toVerify — overdue findings, fixes awaiting verification (docs/work-lists.md).
import { json } from '@sveltejs/kit';
import { findingListQuerySchema } from '$lib/domain/protocol/work-lists';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { parseOrRefuse, respond } from '$lib/server/http';
import { findingWorkList } from '$lib/server/reports';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ url, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/work-lists/findings');
		const query = parseOrRefuse(findingListQuerySchema, Object.fromEntries(url.searchParams));
		const { db } = await getDatabase();
		return json(await findingWorkList(db, actor, query), { headers: { 'cache-control': 'no-store' } });
	});
