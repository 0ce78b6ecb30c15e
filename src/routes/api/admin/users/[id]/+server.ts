// PATCH /api/admin/users/[id] — { disabled?, role?, provinceCode?, unitCode?, displayName? }.
import { adminEndpoint, updateUser } from '$lib/server/admin';
import type { RequestHandler } from './$types';

export const prerender = false;

export const PATCH: RequestHandler = adminEndpoint(
	'PATCH /api/admin/users/[id]',
	async ({ admin, db, event, body }) => ({ user: await updateUser(db, admin, event.params.id, body) }),
	{ readsBody: true }
);
