// POST /api/admin/users/[id]/password — { password }: must change at next sign-in; sessions end.
import { json } from '@sveltejs/kit';
import { requireAdmin, resetPassword } from '$lib/server/admin';
import { getDatabase } from '$lib/server/db';
import { readJsonBody, respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = (event) =>
	respond(async () => {
		const admin = requireAdmin(event.locals, 'POST /api/admin/users/[id]/password');
		const body = await readJsonBody(event.request);
		const { db } = await getDatabase();
		await resetPassword(db, admin, event.params.id, body);
		return json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
	});
