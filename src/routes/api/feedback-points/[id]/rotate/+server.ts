// POST /api/feedback-points/[id]/rotate — revokes the point and makes its replacement with a new token (docs/feedback-point.md).
import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { rotateFeedbackPoint } from '$lib/server/feedback-points';
import { respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = ({ locals, params }) =>
	respond(async () => {
		const actor = authorize(locals, 'POST /api/feedback-points/[id]/rotate');
		const { db } = await getDatabase();
		return json(await rotateFeedbackPoint(db, actor, params.id), { status: 201, headers: { 'cache-control': 'no-store' } });
	});
