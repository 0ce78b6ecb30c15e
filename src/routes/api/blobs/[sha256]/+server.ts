// /api/blobs/<sha256> — photo and signature bytes, addressed by their SHA-256 (docs/sync-protocol.md).
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { json } from '@sveltejs/kit';
import { idSchema, sha256Schema } from '$lib/domain/ids';
import {
	blobQuotas,
	blobStore,
	checkBlobQuota,
	countedRecord,
	maySeeBlob,
	recordUpload,
	uploadedBy,
	type BlobInfo
} from '$lib/server/blobs';
import { getDatabase } from '$lib/server/db';
import { parseOrRefuse, problem, respond } from '$lib/server/http';
import { authorize } from '$lib/server/authorize';
import type { Actor } from '$lib/server/sync';
import type { RequestHandler } from './$types';

export const prerender = false;

/** Bytes under a hash never change, so any cache may keep them for good (but only for this user). */
function blobHeaders(sha256: string, info: BlobInfo): Headers {
	return new Headers({
		'content-type': info.mime,
		'content-length': String(info.size),
		'cache-control': 'private, max-age=31536000, immutable',
		etag: `"${sha256}"`,
		'x-content-type-options': 'nosniff'
	});
}

const notFound = () => problem(404, 'blob_not_found', 'The server does not hold these bytes');

/**
 * The bytes the user may read, or null: bytes nobody uploaded and bytes the user may not see
 * get the same answer, so a hash tells nothing about a record the user cannot open.
 */
async function readable(actor: Actor, sha256: string): Promise<BlobInfo | null> {
	const info = await blobStore().stat(sha256);
	if (!info) return null;
	const { db } = await getDatabase();
	return (await maySeeBlob(db, actor, sha256)) ? info : null;
}

/**
 * The request's bytes. adapter-node hands the route a body only when the request has a
 * Content-Type header; the protocol accepts any (or none) because the type is read from the
 * bytes, so a body without one is read from the Node request itself.
 */
function bodyOf(request: Request, platform: unknown): ReadableStream<Uint8Array> | null {
	if (request.body) return request.body;
	const req = (platform as { req?: IncomingMessage } | undefined)?.req;
	if (!req || req.readableEnded) return null;
	const declared = req.headers['content-length'];
	if (declared === '0' || (declared === undefined && req.headers['transfer-encoding'] === undefined)) return null;
	return Readable.toWeb(req);
}

/**
 * Any signed-in user may upload; the uploader may then read the bytes back (see blobs/access.ts).
 * Quotas (blobs/quotas.ts) are asked twice: with the declared length before a byte is read, and
 * with the real size once the bytes hashed right and decoded, just before they are kept.
 */
export const PUT: RequestHandler = ({ params, request, locals, platform }) =>
	respond(async () => {
		const actor = authorize(locals, 'PUT /api/blobs/[sha256]');
		const sha256 = parseOrRefuse(sha256Schema, params.sha256, 'sha256');
		const named = request.headers.get('x-inspection-id');
		const length = request.headers.get('content-length');
		const declared = length === null ? null : Number(length);
		const store = blobStore();
		const { db } = await getDatabase();
		const inspectionId = await countedRecord(db, actor, named === null ? null : parseOrRefuse(idSchema, named, 'x-inspection-id'));
		const quotas = blobQuotas();
		const intent = { userId: actor.userId, sha256, inspectionId };
		const early = declared !== null && declared <= store.maxBytes ? await checkBlobQuota(db, quotas, intent, { size: declared }) : null;
		// Over the limit by its own length: refused before the body is touched (not even wrapped,
		// which would start reading the Node request).
		const body = early || (declared !== null && declared > store.maxBytes) ? null : bodyOf(request, platform);
		const stored = early ?? (await store.put(sha256, body, declared, (info) => checkBlobQuota(db, quotas, intent, info)));
		if (!stored.ok) {
			const headers = stored.retryAfter === undefined ? undefined : { 'retry-after': String(stored.retryAfter) };
			return problem(stored.status, stored.code, stored.message, undefined, headers);
		}
		// 201 the first time this account sends these bytes, 200 after: never whether someone else
		// sent them, which would confirm a photo of a record the caller may not see (docs/secrecy.md).
		const sentBefore = await uploadedBy(db, sha256, actor.userId);
		// Only after the bytes hashed to the address: an uploader has proved they hold them.
		await recordUpload(db, sha256, actor.userId, { size: stored.size, inspectionId });
		return json({ sha256, size: stored.size, mime: stored.mime }, { status: sentBefore ? 200 : 201 });
	});

/** Lets the device ask "do you already have it?" before uploading. */
export const HEAD: RequestHandler = ({ params, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'HEAD /api/blobs/[sha256]');
		const sha256 = parseOrRefuse(sha256Schema, params.sha256, 'sha256');
		const info = await readable(actor, sha256);
		return info ? new Response(null, { headers: blobHeaders(sha256, info) }) : new Response(null, { status: 404 });
	});

export const GET: RequestHandler = ({ params, request, locals }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/blobs/[sha256]');
		const sha256 = parseOrRefuse(sha256Schema, params.sha256, 'sha256');
		// Who may read first, then one read of the store (on S3 one GET, not a look and then a GET).
		const { db } = await getDatabase();
		if (!(await maySeeBlob(db, actor, sha256))) return notFound();
		const blob = await blobStore().open(sha256);
		if (!blob) return notFound();
		if (request.headers.get('if-none-match') === `"${sha256}"`) {
			await blob.body.cancel();
			return new Response(null, { status: 304, headers: blobHeaders(sha256, blob) });
		}
		return new Response(blob.body, { headers: blobHeaders(sha256, blob) });
	});
