// GET /api/admin/users — the admin's accounts; POST — create one (admin only, own province).
import { adminEndpoint, createUser, listUsers } from '$lib/server/admin';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = adminEndpoint('GET /api/admin/users', async ({ admin, db }) => ({
	users: await listUsers(db, admin)
}));

export const POST: RequestHandler = adminEndpoint(
	'POST /api/admin/users',
	async ({ admin, db, body }) => ({ user: await createUser(db, admin, body) }),
	{ readsBody: true, status: 201 }
);
