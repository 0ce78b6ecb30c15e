/**
 * Server hooks: the database is opened and migrated when the server starts (not on the first
 * request), and every response carries the security headers that CSP does not cover.
 */
import type { Handle, ServerInit } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db/instance';

export const init: ServerInit = async () => {
	const db = await getDatabase();
	console.log(`[db] ${db.dialect}, schema version ${db.schemaVersion}`);
};

export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	if (event.url.pathname === '/service-worker.js') response.headers.set('Cache-Control', 'no-cache');
	return response;
};
