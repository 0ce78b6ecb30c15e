/**
 * The HTTP layer, through the real route handlers with constructed Requests: the same code the
 * adapter-node server runs, minus the socket.
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import { MUTATION_SCHEMA_VERSION } from '$lib/domain/protocol';
import { latestSchemaVersion } from '$lib/server/db';
import { MAX_BLOB_BYTES } from '$lib/server/blobs';
import { GET as blobGet, HEAD as blobHead, PUT as blobPut } from '../../src/routes/api/blobs/[sha256]/+server';
import { GET as health } from '../../src/routes/api/health/+server';
import { GET as pull } from '../../src/routes/api/sync/pull/+server';
import { POST as push } from '../../src/routes/api/sync/push/+server';
import { inspectionArgs, jpegImage, photoArgs } from './support/factories';
import { useServerDatabase, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const origin = 'http://localhost';

type Handler = (event: never) => Response | Promise<Response>;

/** The signed-in user hooks.server.ts would put in locals. */
const inspector = { userId: 'http-test-inspector', role: 'inspector', provinceCode: null, unitCode: null };

/** Calls a route handler as SvelteKit would, as `actor` (signed out when null). */
function call(handler: Handler, request: Request, params: Record<string, string> = {}, actor: object | null = inspector) {
	const event = { request, params, locals: actor ? { actor } : {}, url: new URL(request.url) };
	return handler(event as never);
}

const jsonPost = (path: string, body: unknown) =>
	new Request(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe.each(testDatabases)('HTTP endpoints on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind);

	it('GET /api/health names the database and its schema version', async () => {
		const response = await call(health, new Request(`${origin}/api/health`));
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ ok: true, database: kind.name, schemaVersion: latestSchemaVersion });
	});

	it('refuses push and pull with 401 when nobody is signed in', async () => {
		const pushed = await call(push, jsonPost('/api/sync/push', { clientId: uuidv7(), mutations: [] }), {}, null);
		expect(pushed.status).toBe(401);
		expect(await pushed.json()).toEqual({ error: { code: 'not_signed_in', message: expect.any(String) } });
		const pulled = await call(pull, new Request(`${origin}/api/sync/pull?cursor=0`), {}, null);
		expect(pulled.status).toBe(401);
	});

	it('POST /api/sync/push answers a malformed body with 400 and the field at fault', async () => {
		const notJson = new Request(`${origin}/api/sync/push`, { method: 'POST', body: '{oops' });
		const first = await call(push, notJson);
		expect(first.status).toBe(400);
		expect(await first.json()).toEqual({ error: { code: 'invalid_json', message: expect.any(String) } });

		const noSeq = await call(push, jsonPost('/api/sync/push', { clientId: uuidv7(), mutations: [{ mutationId: uuidv7() }] }));
		expect(noSeq.status).toBe(400);
		expect(await noSeq.json()).toEqual({
			error: { code: 'invalid_request', field: 'mutations.0.seq', message: expect.stringMatching(/expected number/) }
		});

		const badClient = await call(push, jsonPost('/api/sync/push', { clientId: 'phone-1', mutations: [] }));
		expect(await badClient.json()).toMatchObject({ error: { field: 'clientId', message: 'invalid_id' } });
	});

	it('uploads a photo, pushes the mutation that uses it, and pulls it back', async () => {
		const image = jpegImage();
		const path = `/api/blobs/${image.sha256}`;
		const params = { sha256: image.sha256 };

		expect((await call(blobHead, new Request(`${origin}${path}`, { method: 'HEAD' }), params)).status).toBe(404);
		const put = await call(blobPut, new Request(`${origin}${path}`, { method: 'PUT', body: image.bytes }), params);
		expect(put.status).toBe(201);
		expect(await put.json()).toEqual({ sha256: image.sha256, size: image.bytes.byteLength, mime: 'image/jpeg' });
		const again = await call(blobPut, new Request(`${origin}${path}`, { method: 'PUT', body: image.bytes }), params);
		expect(again.status).toBe(200);

		const get = await call(blobGet, new Request(`${origin}${path}`), params);
		expect(get.status).toBe(200);
		expect(get.headers.get('content-type')).toBe('image/jpeg');
		expect(get.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
		expect(get.headers.get('etag')).toBe(`"${image.sha256}"`);
		expect(new Uint8Array(await get.arrayBuffer())).toEqual(image.bytes);
		const cached = await call(blobGet, new Request(`${origin}${path}`, { headers: { 'if-none-match': `"${image.sha256}"` } }), params);
		expect(cached.status).toBe(304);

		const clientId = uuidv7();
		const inspection = inspectionArgs();
		const envelope = (seq: number, name: string, args: unknown) => ({
			mutationId: uuidv7(),
			seq,
			schemaVersion: MUTATION_SCHEMA_VERSION,
			createdAt: new Date().toISOString(),
			name,
			args
		});
		const pushed = await call(
			push,
			jsonPost('/api/sync/push', {
				clientId,
				mutations: [envelope(1, 'createInspection', inspection), envelope(2, 'attachPhoto', photoArgs(inspection.id, image))]
			})
		);
		expect(pushed.status).toBe(200);
		const body = await pushed.json();
		expect(body.lastAppliedSeq).toBe(2);
		expect(body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);

		const pulled = await call(pull, new Request(`${origin}/api/sync/pull?cursor=0&limit=1&clientId=${clientId}`));
		expect(pulled.status).toBe(200);
		const page = await pulled.json();
		expect(page).toMatchObject({ hasMore: true, lastAppliedSeq: 2, changes: [{ entity: 'inspection', op: 'upsert' }] });
		const rest = await (await call(pull, new Request(`${origin}/api/sync/pull?cursor=${page.cursor}&clientId=${clientId}`))).json();
		expect(rest).toMatchObject({ hasMore: false, changes: [{ entity: 'photo', data: { sha256: image.sha256 } }] });

		const badLimit = await call(pull, new Request(`${origin}/api/sync/pull?limit=5000`));
		expect(badLimit.status).toBe(400);
		expect(await badLimit.json()).toMatchObject({ error: { code: 'invalid_request', field: 'limit' } });
	});

	it('refuses mismatched, non-image and oversized uploads with 422, 415 and 413', async () => {
		const image = jpegImage();
		const other = jpegImage();
		const mismatch = await call(blobPut, new Request(`${origin}/api/blobs/${other.sha256}`, { method: 'PUT', body: image.bytes }), {
			sha256: other.sha256
		});
		expect(mismatch.status).toBe(422);
		expect(await mismatch.json()).toMatchObject({ error: { code: 'hash_mismatch', message: expect.stringContaining('does not match') } });

		const text = new TextEncoder().encode('not a photo at all');
		const notImage = await call(blobPut, new Request(`${origin}/api/blobs/${image.sha256}`, { method: 'PUT', body: text }), {
			sha256: image.sha256
		});
		expect(notImage.status).toBe(415);

		const huge = jpegImage(MAX_BLOB_BYTES + 1);
		const tooBig = await call(blobPut, new Request(`${origin}/api/blobs/${huge.sha256}`, { method: 'PUT', body: huge.bytes }), {
			sha256: huge.sha256
		});
		expect(tooBig.status).toBe(413);

		const badHash = await call(blobPut, new Request(`${origin}/api/blobs/XYZ`, { method: 'PUT', body: image.bytes }), { sha256: 'XYZ' });
		expect(badHash.status).toBe(400);
		expect(await badHash.json()).toMatchObject({ error: { field: 'sha256' } });
	});
});
