// /api/team-account?username=… — GET: the colleague a trưởng đoàn adds to a record's team (issue 17).
import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { problem, respond } from '$lib/server/http';
import { teamAccountByUsername } from '$lib/server/plans/team-account';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ locals, url }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/team-account');
		const username = url.searchParams.get('username') ?? '';
		if (!username.trim() || username.length > 100) return problem(400, 'invalid_request', 'username is required', 'username');
		// A team is of one province: an account of no province (a national one) has none.
		if (actor.provinceCode === null) return problem(403, 'forbidden', 'A team is chosen within one province');
		const { db } = await getDatabase();
		const account = await teamAccountByUsername(db, actor.provinceCode, username);
		if (!account) return problem(404, 'user_not_found', 'No active inspector or supervisor of your province has this username', 'username');
		return json({ account }, { headers: { 'cache-control': 'no-store' } });
	});
