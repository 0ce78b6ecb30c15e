// GET /api/feedback-points/floods[?province=<code>] — abnormal bursts of answers (unit, hour, count), for supervisors (docs/feedback-point.md).
import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { listFloods } from '$lib/server/feedback-points';
import { respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ locals, url }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/feedback-points/floods');
		const { db } = await getDatabase();
		return json({ floods: await listFloods(db, actor, url.searchParams) }, { headers: { 'cache-control': 'no-store' } });
	});
