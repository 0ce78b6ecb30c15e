/**
 * Server hooks: the database is opened, migrated and (when empty) given demo accounts when the
 * server starts, with a warning on every start while a demo account keeps its public password;
 * every request learns who is asking from the session cookie; every response
 * carries the security headers that CSP does not cover. An account that must change its
 * password may only do that, see itself and sign out (403 `password_change_required`). Photo
 * uploads and refusals for lack of rights are audited once the route has answered. A body
 * larger than its endpoint accepts (lib/domain/protocol/body-limits.ts) by its declared length,
 * or any body to an endpoint that takes none, is refused before anything else is done.
 */
import type { Handle, ServerInit } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db/instance';
import {
	authenticate,
	blockedByPasswordChange,
	deleteExpiredSessions,
	demoPasswordsInUse,
	demoSeedEnabled,
	describeDemoPasswordsInUse,
	describeDemoSeed,
	seedDemoIfEmpty
} from '$lib/server/auth';
import { appendRequestAudit, auditEntryFor } from '$lib/server/auth/request-audit';
import { problem } from '$lib/server/http';
import { declaredBodyRefusal } from '$lib/server/json-body';
import { isCrossOriginWrite } from '$lib/server/same-origin';

export const init: ServerInit = async () => {
	const db = await getDatabase();
	console.log(`[db] ${db.dialect}, schema version ${db.schemaVersion}`);
	if (demoSeedEnabled()) {
		const seed = await seedDemoIfEmpty(db.db);
		if (seed) for (const line of describeDemoSeed(seed)) console.log(line);
	}
	await deleteExpiredSessions(db.db);
	for (const line of describeDemoPasswordsInUse(await demoPasswordsInUse(db.db))) console.warn(line);
};

function secure(response: Response, pathname: string): Response {
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	if (pathname === '/service-worker.js') response.headers.set('Cache-Control', 'no-cache');
	return response;
}

export const handle: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	if (path.startsWith('/api/')) {
		// The session cookie must not let another site act for the user.
		if (isCrossOriginWrite(event.request, event.url))
			return secure(problem(403, 'cross_origin', 'A request from another site was refused'), path);
		// Held to its endpoint's limit (a request that matched no route is left to the 404).
		const oversized = event.route?.id && declaredBodyRefusal(event.request, `${event.request.method} ${event.route.id}`);
		if (oversized) return secure(problem(oversized.status, oversized.code, oversized.message), path);
		try {
			const user = await authenticate(event);
			if (user && blockedByPasswordChange(user, event.request.method, path)) {
				const message = 'This account must change its password before anything else';
				return secure(problem(403, 'password_change_required', message), path);
			}
			if (user) event.locals.actor = user;
		} catch (err) {
			console.error('[auth] database unavailable', err);
			return secure(
				problem(503, 'database_unavailable', 'The database is unavailable for now; try again later', undefined, { 'Retry-After': '5' }),
				path
			);
		}
		const response = await resolve(event);
		const entry = await auditEntryFor(event.request, path, event.locals.actor ?? null, response);
		if (entry) await appendRequestAudit(entry);
		return secure(response, path);
	}
	return secure(await resolve(event), path);
};
