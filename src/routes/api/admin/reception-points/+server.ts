// POST /api/admin/reception-points — { unitCode, name, address? }: a new reception point of a unit.
import { adminEndpoint } from '$lib/server/admin';
import { createReceptionPoint } from '$lib/server/units';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = adminEndpoint(
	'POST /api/admin/reception-points',
	async ({ admin, db, body }) => ({ receptionPoint: await createReceptionPoint(db, admin, body) }),
	{ readsBody: true, status: 201 }
);
