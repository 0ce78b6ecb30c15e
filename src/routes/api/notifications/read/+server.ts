// POST /api/notifications/read — marks some (`ids`) or all (`all: true`) of the account's notifications read.
import { json } from '@sveltejs/kit';
import { markReadSchema } from '$lib/domain/protocol/notifications';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { parseOrRefuse, respond } from '$lib/server/http';
import { readJsonBody } from '$lib/server/json-body';
import { markNotificationsRead } from '$lib/server/notifications';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = ({ request, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'POST /api/notifications/read');
		const input = parseOrRefuse(markReadSchema, await readJsonBody(request, 'POST /api/notifications/read'));
		const { db } = await getDatabase();
		return json({ marked: await markNotificationsRead(db, actor, input) }, { headers: { 'cache-control': 'no-store' } });
	});
