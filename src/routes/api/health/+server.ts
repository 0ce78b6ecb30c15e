// Liveness for operators and the chaos test: answers only when the database answers.
import { json } from '@sveltejs/kit';
import { getDatabase, schemaVersion } from '$lib/server/db';
import { respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = () =>
	respond(async () => {
		const { db, dialect } = await getDatabase();
		return json({ ok: true, database: dialect, schemaVersion: await schemaVersion(db) }, { headers: { 'cache-control': 'no-store' } });
	});
