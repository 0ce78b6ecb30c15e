// POST /api/admin/templates/[id]/[version]/publish — { effectiveFrom: 'YYYY-MM-DD' }: the draft is published, frozen from now on.
import { adminEndpoint } from '$lib/server/admin';
import { parseOrRefuse } from '$lib/server/http';
import { publish } from '$lib/server/templates';
import { publishRequestSchema, type TemplateVersionAnswer } from '$lib/domain/protocol';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = adminEndpoint(
	'POST /api/admin/templates/[id]/[version]/publish',
	async ({ admin, db, event, body }): Promise<TemplateVersionAnswer> => {
		const { effectiveFrom } = parseOrRefuse(publishRequestSchema, body);
		return { version: await publish(db, admin, event.params.id, event.params.version, effectiveFrom) };
	},
	{ readsBody: true }
);
