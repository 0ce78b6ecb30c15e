// GET /api/admin/units?province= — the province's communes (official list) with `active` flags.
import { adminEndpoint, listUnits } from '$lib/server/admin';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = adminEndpoint('GET /api/admin/units', ({ admin, db, event }) =>
	listUnits(db, admin, event.url.searchParams.get('province'))
);
