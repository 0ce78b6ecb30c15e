// GET /api/admin/templates/[id]/[version]/export?format=xlsx|json — the version as a file to download.
import { requireAdmin } from '$lib/server/admin/guard';
import { getDatabase } from '$lib/server/db';
import { respond } from '$lib/server/http';
import { exportTemplate, fileFormatOf } from '$lib/server/templates/template-transfer';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = (event) =>
	respond(async () => {
		const admin = requireAdmin(event.locals, 'GET /api/admin/templates/[id]/[version]/export');
		const format = fileFormatOf(event.url);
		const { db } = await getDatabase();
		return exportTemplate(db, admin, { templateId: event.params.id, version: event.params.version }, format);
	});
