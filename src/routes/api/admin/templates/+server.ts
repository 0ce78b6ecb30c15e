// GET /api/admin/templates — every template version the admin manages or builds on, without content.
import { adminEndpoint } from '$lib/server/admin';
import { listVersions } from '$lib/server/templates';
import type { TemplateVersionList } from '$lib/domain/protocol';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = adminEndpoint('GET /api/admin/templates', async ({ admin, db }): Promise<TemplateVersionList> => ({
	versions: await listVersions(db, admin)
}));
