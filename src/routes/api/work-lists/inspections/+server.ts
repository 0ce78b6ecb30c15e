// GET /api/work-lists/inspections — the review queue / returned records, filtered and searched (docs/work-lists.md).
import { json } from '@sveltejs/kit';
import { inspectionListQuerySchema } from '$lib/domain/protocol/work-lists';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { parseOrRefuse, respond } from '$lib/server/http';
import { inspectionWorkList } from '$lib/server/reports';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ url, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/work-lists/inspections');
		const query = parseOrRefuse(inspectionListQuerySchema, Object.fromEntries(url.searchParams));
		const { db } = await getDatabase();
		return json(await inspectionWorkList(db, actor, query), { headers: { 'cache-control': 'no-store' } });
	});
