// PUT /api/admin/units/[code] — { active: boolean }: switches one commune on or off.
import { adminEndpoint, setUnitActive } from '$lib/server/admin';
import type { RequestHandler } from './$types';

export const prerender = false;

export const PUT: RequestHandler = adminEndpoint(
	'PUT /api/admin/units/[code]',
	async ({ admin, db, event, body }) => ({ unit: await setUnitActive(db, admin, event.params.code, body) }),
	{ readsBody: true }
);
