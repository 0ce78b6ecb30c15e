// GET /api/admin/audit/verify — re-computes the hash chain: { ok, checked } or the first bad seq.
import { json } from '@sveltejs/kit';
import { requireAdmin, verifyAudit } from '$lib/server/admin';
import { getDatabase } from '$lib/server/db';
import { respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = (event) =>
	respond(async () => {
		requireAdmin(event.locals, 'GET /api/admin/audit/verify');
		const { db } = await getDatabase();
		return json(await verifyAudit(db), { headers: { 'cache-control': 'no-store' } });
	});
