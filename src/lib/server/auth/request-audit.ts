/**
 * Audit entries that follow from a request's answer rather than from one module's work, written
 * by hooks.server.ts after the route answered: a photo stored (`blob_uploaded`, 201 only — a
 * repeat upload stores nothing), a photo refused (`blob_refused`: over a quota or a size limit,
 * not an image, undecodable, damaged in transit — with the status and code) and a signed-in user refused for lack of rights
 * (`request_forbidden`, any 403 a route gave; ASVS 7.2.2). Failing to write the entry is logged
 * and never turns a good answer into an error: the change it describes has already happened.
 */
import type { Kysely } from 'kysely';
import { getDatabase } from '../db/instance';
import type { Database } from '../db/schema';
import type { SignedInUser } from './authenticate';
import { appendAudit, type AuditEntry } from './audit';

const BLOB_PATH = /^\/api\/blobs\/([0-9a-f]{64})$/;

/** Answers to an upload that refuse the bytes themselves or their owner's quota (not 400/401/403: malformed or unauthorised). */
const BLOB_REFUSALS = new Set([413, 415, 422, 429]);

/** The `error.code` of an error answer, or null. */
async function errorCodeOf(response: Response): Promise<string | null> {
	const body = (await response
		.clone()
		.json()
		.catch(() => null)) as { error?: { code?: unknown } } | null;
	return typeof body?.error?.code === 'string' ? body.error.code : null;
}

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
	if (blob && request.method === 'PUT' && BLOB_REFUSALS.has(response.status)) {
		const size = Number(request.headers.get('content-length') ?? Number.NaN);
		return {
			action: 'blob_refused',
			actorUserId: actor.userId,
			detail: {
				sha256: blob[1],
				status: response.status,
				code: await errorCodeOf(response),
				...(Number.isFinite(size) ? { size } : {}),
				inspectionId: request.headers.get('x-inspection-id')
			}
		};
	}
	if (response.status === 403) {
		const code = await errorCodeOf(response);
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
