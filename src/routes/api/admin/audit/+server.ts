// GET /api/admin/audit?before=&limit= — audit entries, newest first, one page at a time.
import { json } from '@sveltejs/kit';
import { listAudit, parseAuditQuery, requireAdmin } from '$lib/server/admin';
import { getDatabase } from '$lib/server/db';
import { respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = (event) =>
	respond(async () => {
		const admin = requireAdmin(event.locals, 'GET /api/admin/audit');
		const query = parseAuditQuery(event.url.searchParams);
		const { db } = await getDatabase();
		return json(await listAudit(db, admin, query), { headers: { 'cache-control': 'no-store' } });
	});
