// POST /api/auth/password — { currentPassword, newPassword }: every other session of the user ends.
import { json } from '@sveltejs/kit';
import { authenticate, changeOwnPassword, clientAddress, passwordChangeSchema, RateLimited, setSessionCookie } from '$lib/server/auth';
import { getDatabase } from '$lib/server/db';
import { parseOrRefuse, problem, respond } from '$lib/server/http';
import { readJsonBody } from '$lib/server/json-body';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = (event) =>
	respond(async () => {
		const user = await authenticate(event);
		if (!user) return problem(401, 'unauthenticated', 'Not signed in, or the session has ended');
		const input = parseOrRefuse(passwordChangeSchema, await readJsonBody(event.request, 'POST /api/auth/password'));
		const { db } = await getDatabase();
		try {
			const session = await changeOwnPassword(db, user.userId, input, { address: clientAddress(event) });
			setSessionCookie(event, session.token, session.expiresAt);
		} catch (error) {
			if (!(error instanceof RateLimited)) throw error;
			return problem(429, error.code, error.message, undefined, { 'retry-after': String(error.retryAfterSeconds) });
		}
		return json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
	});
