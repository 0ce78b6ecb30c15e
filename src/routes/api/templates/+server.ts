// GET /api/templates — the published and retired template and questionnaire versions a device keeps offline (national and own province).
import { json } from '@sveltejs/kit';
import type { DeviceTemplates } from '$lib/domain/protocol';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { respond } from '$lib/server/http';
import { deviceTemplatesTag, listForDevice } from '$lib/server/templates';
import { listQuestionnairesForDevice } from '$lib/server/templates/questionnaire-rows';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ request, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/templates');
		const { db } = await getDatabase();
		const etag = await deviceTemplatesTag(db, actor);
		const headers = { 'cache-control': 'no-store', etag };
		// The device syncs often and the list rarely changes: answer "what you have" without the contents.
		if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
		const [versions, questionnaires] = await Promise.all([listForDevice(db, actor), listQuestionnairesForDevice(db, actor.provinceCode)]);
		const answer: DeviceTemplates = { versions, questionnaires };
		return json(answer, { headers });
	});
