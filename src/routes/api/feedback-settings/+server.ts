// /api/feedback-settings — GET the province's choice whether wards read their comments (masked); PUT { wardSeesComments } (docs/feedback.md).
import { json } from '@sveltejs/kit';
import { feedbackSettingsQuerySchema, feedbackSettingsRequestSchema } from '$lib/domain/protocol/feedback';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { readFeedbackSettings, saveFeedbackSettings } from '$lib/server/feedback';
import { parseOrRefuse, respond } from '$lib/server/http';
import { readJsonBody } from '$lib/server/json-body';
import type { RequestHandler } from './$types';

export const prerender = false;

const noStore = { 'cache-control': 'no-store' };

export const GET: RequestHandler = ({ url, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/feedback-settings');
		const { province } = parseOrRefuse(feedbackSettingsQuerySchema, Object.fromEntries(url.searchParams));
		const { db } = await getDatabase();
		return json({ settings: await readFeedbackSettings(db, actor, province) }, { headers: noStore });
	});

export const PUT: RequestHandler = ({ request, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'PUT /api/feedback-settings');
		const input = parseOrRefuse(feedbackSettingsRequestSchema, await readJsonBody(request, 'PUT /api/feedback-settings'));
		const { db } = await getDatabase();
		return json({ settings: await saveFeedbackSettings(db, actor, input) }, { headers: noStore });
	});
