// POST /api/admin/templates/[id]/[version]/retire — no new inspection takes the version; its records still read it.
import { adminEndpoint } from '$lib/server/admin';
import { retire } from '$lib/server/templates';
import type { TemplateVersionAnswer } from '$lib/domain/protocol';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = adminEndpoint(
	'POST /api/admin/templates/[id]/[version]/retire',
	async ({ admin, db, event }): Promise<TemplateVersionAnswer> => ({
		version: await retire(db, admin, event.params.id, event.params.version)
	})
);
