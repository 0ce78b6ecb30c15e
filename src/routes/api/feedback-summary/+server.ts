// GET /api/feedback-summary — a unit's respondents, averages per SIPAS factor and, where the province allows it, masked comments (docs/feedback.md).
import { json } from '@sveltejs/kit';
import { feedbackSummaryQuerySchema } from '$lib/domain/protocol/feedback';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { feedbackSummary } from '$lib/server/feedback';
import { parseOrRefuse, respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ url, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/feedback-summary');
		const query = parseOrRefuse(feedbackSummaryQuerySchema, Object.fromEntries(url.searchParams));
		const { db } = await getDatabase();
		return json(await feedbackSummary(db, actor, query), { headers: { 'cache-control': 'no-store' } });
	});
