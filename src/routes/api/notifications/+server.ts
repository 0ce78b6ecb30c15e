// GET /api/notifications — the account's notifications, newest first, with read/unread (docs/notifications.md).
import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { respond } from '$lib/server/http';
import { listNotifications } from '$lib/server/notifications';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/notifications');
		const { db } = await getDatabase();
		return json(await listNotifications(db, actor), { headers: { 'cache-control': 'no-store' } });
	});
