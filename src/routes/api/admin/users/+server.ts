// GET /api/admin/users — the admin's accounts; POST — create one (admin only, own province).
import { json } from '@sveltejs/kit';
import { createUser, listUsers, requireAdmin } from '$lib/server/admin';
import { getDatabase } from '$lib/server/db';
import { readJsonBody, respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;
const noStore = { 'cache-control': 'no-store' };

export const GET: RequestHandler = (event) =>
	respond(async () => {
		const admin = requireAdmin(event.locals, 'GET /api/admin/users');
		const { db } = await getDatabase();
		return json({ users: await listUsers(db, admin) }, { headers: noStore });
	});

export const POST: RequestHandler = (event) =>
	respond(async () => {
		const admin = requireAdmin(event.locals, 'POST /api/admin/users');
		const body = await readJsonBody(event.request);
		const { db } = await getDatabase();
		return json({ user: await createUser(db, admin, body) }, { status: 201, headers: noStore });
	});
