// GET /api/feedback-points[?unit=<code>][&province=<code>] — the caller's feedback points; POST { unitCode } — a unit's new point (docs/feedback-point.md).
import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { createFeedbackPoint, listFeedbackPoints } from '$lib/server/feedback-points';
import { respond } from '$lib/server/http';
import { readJsonBody } from '$lib/server/json-body';
import type { RequestHandler } from './$types';

export const prerender = false;

const noStore = { 'cache-control': 'no-store' };

export const GET: RequestHandler = ({ locals, url }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/feedback-points');
		const { db } = await getDatabase();
		return json({ points: await listFeedbackPoints(db, actor, url.searchParams) }, { headers: noStore });
	});

export const POST: RequestHandler = ({ locals, request }) =>
	respond(async () => {
		const actor = authorize(locals, 'POST /api/feedback-points');
		const body = await readJsonBody(request, 'POST /api/feedback-points');
		const { db } = await getDatabase();
		return json({ point: await createFeedbackPoint(db, actor, body) }, { status: 201, headers: noStore });
	});
