// PATCH /api/admin/reception-points/[id] — { name?, address?, active? }: renames, moves, closes or reopens a point.
import { adminEndpoint } from '$lib/server/admin';
import { updateReceptionPoint } from '$lib/server/units';
import type { RequestHandler } from './$types';

export const prerender = false;

export const PATCH: RequestHandler = adminEndpoint(
	'PATCH /api/admin/reception-points/[id]',
	async ({ admin, db, event, body }) => ({ receptionPoint: await updateReceptionPoint(db, admin, event.params.id, body) }),
	{ readsBody: true }
);
