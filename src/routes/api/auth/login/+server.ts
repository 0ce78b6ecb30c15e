// POST /api/auth/login — { username, password } → the user and a session cookie.
import { json } from '@sveltejs/kit';
import { clientAddress, logIn, loginRequestSchema, setSessionCookie } from '$lib/server/auth';
import { getDatabase } from '$lib/server/db';
import { parseOrRefuse, problem, respond } from '$lib/server/http';
import { readJsonBody } from '$lib/server/json-body';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = (event) =>
	respond(async () => {
		const input = parseOrRefuse(loginRequestSchema, await readJsonBody(event.request, 'POST /api/auth/login'));
		const { db } = await getDatabase();
		const result = await logIn(db, input, { address: clientAddress(event) });
		if (!result.ok) {
			const headers = result.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(result.retryAfterSeconds) };
			return problem(result.status, result.code, result.message, undefined, headers);
		}
		setSessionCookie(event, result.session.token, result.session.expiresAt);
		return json({ user: result.user }, { headers: { 'cache-control': 'no-store' } });
	});
