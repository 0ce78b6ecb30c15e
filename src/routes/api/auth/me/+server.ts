// GET /api/auth/me — the signed-in user, or 401 when the cookie is missing or no longer valid.
import { json } from '@sveltejs/kit';
import { authenticate } from '$lib/server/auth';
import { problem, respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = (event) =>
	respond(async () => {
		const user = await authenticate(event);
		if (!user) return problem(401, 'unauthenticated', 'Not signed in, or the session has expired');
		const { userId, username, displayName, role, provinceCode, unitCode, mustChangePassword } = user;
		return json(
			{ user: { id: userId, username, displayName, role, provinceCode, unitCode, mustChangePassword } },
			{ headers: { 'cache-control': 'no-store' } }
		);
	});
