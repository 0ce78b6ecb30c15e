// POST /api/admin/branches — { provinceCode, name }: a new branch of the provincial centre.
import { adminEndpoint } from '$lib/server/admin';
import { createBranch } from '$lib/server/units';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = adminEndpoint(
	'POST /api/admin/branches',
	async ({ admin, db, body }) => ({ unit: await createBranch(db, admin, body) }),
	{ readsBody: true, status: 201 }
);
