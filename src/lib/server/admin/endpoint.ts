/**
 * The one shape every /api/admin handler has: the admin check, the JSON body when the route
 * takes one, the database, and a no-store JSON answer. Failures go through `respond`.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { ApiRoute } from '$lib/domain/permissions';
import { getDatabase, type Database } from '../db';
import { respond } from '../http';
import { readJsonBody } from '../json-body';
import { requireAdmin, type AdminActor } from './guard';

export interface AdminCall<E extends RequestEvent> {
	admin: AdminActor;
	db: Kysely<Database>;
	event: E;
	/** The parsed JSON body; `undefined` unless the endpoint was declared with `readsBody`. */
	body: unknown;
}

/**
 * A handler for `route` that answers `answer`'s value as JSON with `cache-control: no-store`
 * (admin data is never cached). Order as every admin route had it: 401/403 before the body is
 * read, the body (413/400) before the database is opened.
 */
export function adminEndpoint<E extends RequestEvent>(
	route: ApiRoute & `${string} /api/admin/${string}`,
	answer: (call: AdminCall<E>) => Promise<unknown>,
	{ readsBody = false, status = 200 }: { readsBody?: boolean; status?: number } = {}
): (event: E) => Promise<Response> {
	return (event) =>
		respond(async () => {
			const admin = requireAdmin(event.locals, route);
			const body = readsBody ? await readJsonBody(event.request, route) : undefined;
			const { db } = await getDatabase();
			return json(await answer({ admin, db, event, body }), { status, headers: { 'cache-control': 'no-store' } });
		});
}
