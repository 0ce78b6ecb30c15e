// GET /api/admin/users/[id]/sessions — the account's live sessions; DELETE (?id=<session>) — end one or all.
import { adminEndpoint, listSessions, revokeSessions } from '$lib/server/admin';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = adminEndpoint('GET /api/admin/users/[id]/sessions', async ({ admin, db, event }) => ({
	sessions: await listSessions(db, admin, event.params.id)
}));

export const DELETE: RequestHandler = adminEndpoint('DELETE /api/admin/users/[id]/sessions', ({ admin, db, event }) =>
	revokeSessions(db, admin, event.params.id, event.url.searchParams)
);
