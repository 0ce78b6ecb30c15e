// POST /api/admin/templates/import?format=xlsx|json[&province=] — a template file (raw body) becomes a new draft.
import { json } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/admin/guard';
import { getDatabase } from '$lib/server/db';
import { respond } from '$lib/server/http';
import { importTemplate, templateInvalidBody } from '$lib/server/templates/template-transfer';
import type { TemplateVersionAnswer } from '$lib/domain/protocol';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = (event) =>
	respond(async () => {
		const admin = requireAdmin(event.locals, 'POST /api/admin/templates/import');
		const result = await importTemplate(admin, event.request, event.url, async () => (await getDatabase()).db);
		const headers = { 'cache-control': 'no-store' };
		if (!result.ok) return json(templateInvalidBody(result.problems), { status: 400, headers });
		return json({ version: result.version } satisfies TemplateVersionAnswer, { status: 201, headers });
	});
