// GET /api/feedback-items — the province's citizens' comments, newest first, filtered and paged (docs/feedback.md).
import { json } from '@sveltejs/kit';
import { feedbackItemQuerySchema } from '$lib/domain/protocol/feedback';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { listFeedbackItems } from '$lib/server/feedback';
import { parseOrRefuse, respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ url, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/feedback-items');
		const query = parseOrRefuse(feedbackItemQuerySchema, Object.fromEntries(url.searchParams));
		const { db } = await getDatabase();
		return json(await listFeedbackItems(db, actor, query), { headers: { 'cache-control': 'no-store' } });
	});
