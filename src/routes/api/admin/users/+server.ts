// GET /api/admin/users — the admin's accounts and demo accounts with public passwords; POST — create one (admin only, own province).
import { adminEndpoint, createUser, listUsersWithWarnings } from '$lib/server/admin';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = adminEndpoint('GET /api/admin/users', ({ admin, db }) => listUsersWithWarnings(db, admin));

export const POST: RequestHandler = adminEndpoint(
	'POST /api/admin/users',
	async ({ admin, db, body }) => ({ user: await createUser(db, admin, body) }),
	{ readsBody: true, status: 201 }
);
