// /api/blobs/<sha256> — photo and signature bytes, addressed by their SHA-256 (docs/sync-protocol.md).
import { json } from '@sveltejs/kit';
import { sha256Schema } from '$lib/domain/ids';
import { blobStore, type BlobInfo } from '$lib/server/blobs';
import { parseOrRefuse, problem, respond } from '$lib/server/http';
import { authorize } from '$lib/server/authorize';
import type { RequestHandler } from './$types';

export const prerender = false;

// Only signed-in users upload or read bytes. TODO(issue 4, next step): GET/HEAD only for users
// who may see an inspection that references the hash.

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

export const PUT: RequestHandler = ({ params, request, locals }) =>
	respond(async () => {
		authorize(locals, 'PUT /api/blobs/[sha256]');
		const sha256 = parseOrRefuse(sha256Schema, params.sha256, 'sha256');
		const length = request.headers.get('content-length');
		const stored = await blobStore().put(sha256, request.body, length === null ? null : Number(length));
		if (!stored.ok) return problem(stored.status, stored.code, stored.message);
		return json({ sha256, size: stored.size, mime: stored.mime }, { status: stored.created ? 201 : 200 });
	});

/** Lets the device ask "do you already have it?" before uploading. */
export const HEAD: RequestHandler = ({ params, locals }) =>
	respond(async () => {
		authorize(locals, 'HEAD /api/blobs/[sha256]');
		const sha256 = parseOrRefuse(sha256Schema, params.sha256, 'sha256');
		const info = await blobStore().stat(sha256);
		return info ? new Response(null, { headers: blobHeaders(sha256, info) }) : new Response(null, { status: 404 });
	});

export const GET: RequestHandler = ({ params, request, locals }) =>
	respond(async () => {
		authorize(locals, 'GET /api/blobs/[sha256]');
		const sha256 = parseOrRefuse(sha256Schema, params.sha256, 'sha256');
		if (request.headers.get('if-none-match') === `"${sha256}"`) {
			const info = await blobStore().stat(sha256);
			if (info) return new Response(null, { status: 304, headers: blobHeaders(sha256, info) });
		}
		const blob = await blobStore().open(sha256);
		if (!blob) return notFound();
		return new Response(blob.body, { headers: blobHeaders(sha256, blob) });
	});
