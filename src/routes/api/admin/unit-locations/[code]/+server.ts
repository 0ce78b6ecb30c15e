// PUT /api/admin/unit-locations/[code] — { location: { lat, lng } | null }: sets or clears a unit's location.
import { adminEndpoint } from '$lib/server/admin';
import { setUnitLocation } from '$lib/server/units';
import type { RequestHandler } from './$types';

export const prerender = false;

export const PUT: RequestHandler = adminEndpoint(
	'PUT /api/admin/unit-locations/[code]',
	async ({ admin, db, event, body }) => ({ location: await setUnitLocation(db, admin, event.params.code, body) }),
	{ readsBody: true }
);
