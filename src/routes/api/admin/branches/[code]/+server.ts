// PATCH /api/admin/branches/[code] — { name?, active? }: renames, closes or reopens a branch.
import { adminEndpoint } from '$lib/server/admin';
import { updateBranch } from '$lib/server/units';
import type { RequestHandler } from './$types';

export const prerender = false;

export const PATCH: RequestHandler = adminEndpoint(
	'PATCH /api/admin/branches/[code]',
	async ({ admin, db, event, body }) => ({ unit: await updateBranch(db, admin, event.params.code, body) }),
	{ readsBody: true }
);
