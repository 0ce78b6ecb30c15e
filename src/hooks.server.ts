/**
 * Server hooks: the database is opened, migrated and (when empty) given demo accounts when the
 * server starts, with a warning on every start while a demo account keeps its public password;
 * every request learns who is asking from the session cookie; every response
 * carries the security headers that CSP does not cover. An account that must change its
 * password may only do that, see itself and sign out (403 `password_change_required`). Photo
 * uploads and refusals for lack of rights are audited once the route has answered. A body
 * larger than its endpoint accepts (lib/domain/protocol/body-limits.ts) by its declared length,
 * or any body to an endpoint that takes none, is refused before anything else is done. A page's
 * HTML is sent compressed (compress-page.ts).
 */
import type { Handle, ServerInit } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db/instance';
import { isTransientDatabaseError } from '$lib/server/db/transient-errors';
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
import { checkBlobStore } from '$lib/server/blobs';
import { compressPage } from '$lib/server/compress-page';
import { databaseTroubleResponse, problem } from '$lib/server/http';
import { declaredBodyRefusal } from '$lib/server/json-body';
import { isCrossOriginWrite } from '$lib/server/same-origin';
import { startNotificationTicks } from '$lib/server/notifications';

async function startUp() {
	// A wrong BLOB_STORE/S3_* setting stops the start here, not at the first photo uploaded.
	console.log(`[blobs] ${await checkBlobStore()}`);
	const db = await getDatabase();
	console.log(`[db] ${db.dialect}, schema version ${db.schemaVersion}`);
	if (demoSeedEnabled()) {
		const seed = await seedDemoIfEmpty(db.db);
		if (seed) for (const line of describeDemoSeed(seed)) console.log(line);
	}
	await deleteExpiredSessions(db.db);
	for (const line of describeDemoPasswordsInUse(await demoPasswordsInUse(db.db))) console.warn(line);
	startNotificationTicks(db.db);
}

/** How often a server that started while its database was away tries its start-up work again. */
const STARTUP_RETRY_MS = 5000;

export const init: ServerInit = async () => {
	// A server started (or restarted by its supervisor) while PostgreSQL is away must not exit:
	// it listens, answers 503 with Retry-After meanwhile, and finishes starting once it can.
	const attempt = () =>
		startUp().catch((error: unknown) => {
			if (!isTransientDatabaseError(error)) throw error;
			console.error(
				`[db] not reachable at start (${error instanceof Error ? error.message : String(error)}); retrying every ${STARTUP_RETRY_MS / 1000} s`
			);
			setTimeout(() => void attempt().catch((e: unknown) => console.error('[db] start-up failed:', e)), STARTUP_RETRY_MS);
		});
	await attempt();
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
			// Who is asking cannot be known without the database: whatever failed, the answer is
			// "try again later", with the reason when it is a known one.
			return secure(databaseTroubleResponse(err, 'unavailable')!, path);
		}
		const response = await resolve(event);
		const entry = await auditEntryFor(event.request, path, event.locals.actor ?? null, response);
		if (entry) await appendRequestAudit(entry);
		return secure(response, path);
	}
	return secure(await compressPage(event.request, await resolve(event)), path);
};
