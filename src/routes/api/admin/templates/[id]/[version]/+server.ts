// /api/admin/templates/[id]/[version] — GET one version with content; PUT { template } a draft's content; DELETE a draft.
import { adminEndpoint } from '$lib/server/admin';
import { parseOrRefuse } from '$lib/server/http';
import { deleteDraft, getVersionFor, updateDraft } from '$lib/server/templates';
import { updateDraftRequestSchema, type TemplateVersionAnswer } from '$lib/domain/protocol';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = adminEndpoint(
	'GET /api/admin/templates/[id]/[version]',
	async ({ admin, db, event }): Promise<TemplateVersionAnswer> => ({
		version: await getVersionFor(db, admin, event.params.id, event.params.version)
	})
);

export const PUT: RequestHandler = adminEndpoint(
	'PUT /api/admin/templates/[id]/[version]',
	async ({ admin, db, event, body }): Promise<TemplateVersionAnswer> => {
		const { template } = parseOrRefuse(updateDraftRequestSchema, body);
		return { version: await updateDraft(db, admin, event.params.id, event.params.version, template) };
	},
	{ readsBody: true }
);

export const DELETE: RequestHandler = adminEndpoint('DELETE /api/admin/templates/[id]/[version]', async ({ admin, db, event }) => {
	await deleteDraft(db, admin, event.params.id, event.params.version);
	return { deleted: true };
});
