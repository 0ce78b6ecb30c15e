// POST /api/device-keys — registers the public half of this phone's signing key (QR transfer of a member's part).
import { json } from '@sveltejs/kit';
import { registerDeviceKeySchema } from '$lib/domain/protocol/device-keys';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { registerDeviceKey } from '$lib/server/device-keys';
import { parseOrRefuse, respond } from '$lib/server/http';
import { readJsonBody } from '$lib/server/json-body';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = ({ request, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'POST /api/device-keys');
		const input = parseOrRefuse(registerDeviceKeySchema, await readJsonBody(request, 'POST /api/device-keys'));
		const { db } = await getDatabase();
		return json(await registerDeviceKey(db, actor, input), { headers: { 'cache-control': 'no-store' } });
	});
