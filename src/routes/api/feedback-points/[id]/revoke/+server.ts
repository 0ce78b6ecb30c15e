// POST /api/feedback-points/[id]/revoke — withdraws the point: its poster's page and answers are refused from now on (docs/feedback-point.md).
import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { revokeFeedbackPoint } from '$lib/server/feedback-points';
import { respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = ({ locals, params }) =>
	respond(async () => {
		const actor = authorize(locals, 'POST /api/feedback-points/[id]/revoke');
		const { db } = await getDatabase();
		return json({ point: await revokeFeedbackPoint(db, actor, params.id) }, { headers: { 'cache-control': 'no-store' } });
	});
