// POST /api/admin/users/[id]/password — { password }: must change at next sign-in; sessions end.
import { adminEndpoint, resetPassword } from '$lib/server/admin';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = adminEndpoint(
	'POST /api/admin/users/[id]/password',
	async ({ admin, db, event, body }) => {
		await resetPassword(db, admin, event.params.id, body);
		return { ok: true };
	},
	{ readsBody: true }
);
