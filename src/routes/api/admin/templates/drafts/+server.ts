// POST /api/admin/templates/drafts — { from: { templateId, version }, version, scopeProvinceCode?, templateId?, name? } → 201.
import { adminEndpoint } from '$lib/server/admin';
import { parseOrRefuse } from '$lib/server/http';
import { createDraft } from '$lib/server/templates';
import { createDraftRequestSchema, type TemplateVersionAnswer } from '$lib/domain/protocol';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = adminEndpoint(
	'POST /api/admin/templates/drafts',
	async ({ admin, db, body }): Promise<TemplateVersionAnswer> => ({
		version: await createDraft(db, admin, parseOrRefuse(createDraftRequestSchema, body))
	}),
	{ readsBody: true, status: 201 }
);
