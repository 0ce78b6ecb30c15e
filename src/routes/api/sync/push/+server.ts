// POST /api/sync/push — the device's queued mutations, applied exactly once (docs/sync-protocol.md).
import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { parseOrRefuse, respond } from '$lib/server/http';
import { readJsonBody } from '$lib/server/json-body';
import { authorize } from '$lib/server/authorize';
import { pushRequestSchema } from '$lib/domain/protocol';
import { applyPush } from '$lib/server/sync';
import { kickWebhooks } from '$lib/server/notifications';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = ({ request, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'POST /api/sync/push');
		const input = parseOrRefuse(pushRequestSchema, await readJsonBody(request, 'POST /api/sync/push'));
		const { db } = await getDatabase();
		const result = await applyPush(db, actor, input);
		// Notifications the push made go to their province's webhook after this answer, never before it.
		kickWebhooks(db);
		return json(result, { headers: { 'cache-control': 'no-store' } });
	});
