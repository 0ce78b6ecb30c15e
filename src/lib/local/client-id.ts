/**
 * The device's id towards the server, apart from the outbox (outbox.ts re-exports it): the
 * service worker's sync reads it, and must not bundle the outbox's on-demand schema import.
 */
import { uuidv7 } from '$lib/domain/uuid';
import type { AppDb } from './app-db';

/** The device's id towards the server, made once per local database. */
export async function clientId(db: AppDb): Promise<string> {
	const row = await db.meta.get('clientId');
	if (typeof row?.value === 'string') return row.value;
	const id = uuidv7();
	await db.meta.put({ key: 'clientId', value: id });
	return id;
}
