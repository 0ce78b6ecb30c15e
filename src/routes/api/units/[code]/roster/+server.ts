// GET /api/units/[code]/roster — the unit's counter officers; POST — { name, position?, field? } adds one (docs/roster.md).
import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { respond } from '$lib/server/http';
import { readJsonBody } from '$lib/server/json-body';
import { addRosterOfficer, rosterOf } from '$lib/server/roster';
import type { RequestHandler } from './$types';

export const prerender = false;

const noStore = { 'cache-control': 'no-store' };

export const GET: RequestHandler = ({ locals, params }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/units/[code]/roster');
		const { db } = await getDatabase();
		return json(await rosterOf(db, actor, params.code), { headers: noStore });
	});

export const POST: RequestHandler = ({ locals, params, request }) =>
	respond(async () => {
		const actor = authorize(locals, 'POST /api/units/[code]/roster');
		const body = await readJsonBody(request, 'POST /api/units/[code]/roster');
		const { db } = await getDatabase();
		return json({ officer: await addRosterOfficer(db, actor, params.code, body) }, { status: 201, headers: noStore });
	});
