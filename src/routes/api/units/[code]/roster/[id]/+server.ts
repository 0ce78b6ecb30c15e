// PATCH /api/units/[code]/roster/[id] — { name?, position?, field?, active? }: corrects an officer, or marks them gone (docs/roster.md).
import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { respond } from '$lib/server/http';
import { readJsonBody } from '$lib/server/json-body';
import { updateRosterOfficer } from '$lib/server/roster';
import type { RequestHandler } from './$types';

export const prerender = false;

export const PATCH: RequestHandler = ({ locals, params, request }) =>
	respond(async () => {
		const actor = authorize(locals, 'PATCH /api/units/[code]/roster/[id]');
		const body = await readJsonBody(request, 'PATCH /api/units/[code]/roster/[id]');
		const { db } = await getDatabase();
		const officer = await updateRosterOfficer(db, actor, params.code, params.id, body);
		return json({ officer }, { headers: { 'cache-control': 'no-store' } });
	});
