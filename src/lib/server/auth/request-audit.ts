/**
 * Audit entries that follow from a request's answer rather than from one module's work, written
 * by hooks.server.ts after the route answered: a photo stored (`blob_uploaded`, 201 only — a
 * repeat upload stores nothing) and a signed-in user refused for lack of rights
 * (`request_forbidden`, any 403 a route gave; ASVS 7.2.2). Failing to write the entry is logged
 * and never turns a good answer into an error: the change it describes has already happened.
 */
import type { Kysely } from 'kysely';
import { getDatabase } from '../db/instance';
import type { Database } from '../db/schema';
import type { SignedInUser } from './authenticate';
import { appendAudit, type AuditEntry } from './audit';

const BLOB_PATH = /^\/api\/blobs\/([0-9a-f]{64})$/;

/** The entry a finished request deserves, or null for nearly all of them. */
export async function auditEntryFor(
	request: Request,
	pathname: string,
	actor: SignedInUser | null,
	response: Response
): Promise<AuditEntry | null> {
	if (!actor) return null;
	const blob = BLOB_PATH.exec(pathname);
	if (blob && request.method === 'PUT' && response.status === 201) {
		const size = Number(request.headers.get('content-length') ?? Number.NaN);
		return {
			action: 'blob_uploaded',
			actorUserId: actor.userId,
			detail: { sha256: blob[1], ...(Number.isFinite(size) ? { size } : {}), type: request.headers.get('content-type') }
		};
	}
	if (response.status === 403) {
		const body = (await response
			.clone()
			.json()
			.catch(() => null)) as { error?: { code?: unknown } } | null;
		const code = typeof body?.error?.code === 'string' ? body.error.code : null;
		return { action: 'request_forbidden', actorUserId: actor.userId, detail: { method: request.method, path: pathname, code } };
	}
	return null;
}

/** Appends `entry` (to the server's database unless `db` is given); logs instead of throwing (see the header). */
export async function appendRequestAudit(entry: AuditEntry, db?: Kysely<Database>): Promise<void> {
	try {
		await appendAudit(db ?? (await getDatabase()).db, entry);
	} catch (error) {
		console.error(`[audit] could not record ${entry.action}:`, error instanceof Error ? error.message : error);
	}
}
