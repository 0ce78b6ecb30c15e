// PATCH /api/admin/users/[id] — { disabled?, role?, provinceCode?, unitCode?, displayName? }.
import { json } from '@sveltejs/kit';
import { requireAdmin, updateUser } from '$lib/server/admin';
import { getDatabase } from '$lib/server/db';
import { readJsonBody, respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

export const PATCH: RequestHandler = (event) =>
	respond(async () => {
		const admin = requireAdmin(event.locals, 'PATCH /api/admin/users/[id]');
		const body = await readJsonBody(event.request);
		const { db } = await getDatabase();
		const user = await updateUser(db, admin, event.params.id, body);
		return json({ user }, { headers: { 'cache-control': 'no-store' } });
	});
