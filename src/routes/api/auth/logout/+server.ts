// POST /api/auth/logout — ends this browser's session; answers 200 even when there was none.
import { json } from '@sveltejs/kit';
import { clearSessionCookie, logOut, readSessionToken } from '$lib/server/auth';
import { getDatabase } from '$lib/server/db';
import { respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = (event) =>
	respond(async () => {
		const { db } = await getDatabase();
		await logOut(db, readSessionToken(event));
		clearSessionCookie(event);
		return json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
	});
