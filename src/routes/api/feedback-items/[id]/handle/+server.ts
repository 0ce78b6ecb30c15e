// POST /api/feedback-items/[id]/handle — { replyNote }: the item is handled, audited (docs/feedback.md).
import { json } from '@sveltejs/kit';
import { handleFeedbackRequestSchema } from '$lib/domain/protocol/feedback';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { handleFeedbackItem } from '$lib/server/feedback';
import { parseOrRefuse, respond } from '$lib/server/http';
import { readJsonBody } from '$lib/server/json-body';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = ({ request, params, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'POST /api/feedback-items/[id]/handle');
		const { replyNote } = parseOrRefuse(handleFeedbackRequestSchema, await readJsonBody(request, 'POST /api/feedback-items/[id]/handle'));
		const { db } = await getDatabase();
		return json({ item: await handleFeedbackItem(db, actor, params.id, replyNote) }, { headers: { 'cache-control': 'no-store' } });
	});
