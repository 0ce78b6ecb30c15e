/**
 * Photos by record (issue 13): GET and HEAD /api/blobs/<sha256> serve bytes only to their uploader
 * and to whoever may see a record that references them; everyone else gets the answer an unknown
 * hash gets. PUT takes any Content-Type (or none) and refuses an oversize body with 413 before
 * reading it.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import { MAX_BLOB_BYTES } from '$lib/server/blobs';
import { isReferenced, referencedHashes } from '$lib/server/blobs/references';
import type { Actor } from '$lib/server/sync';
import { GET as blobGet, HEAD as blobHead, PUT as blobPut } from '../../src/routes/api/blobs/[sha256]/+server';
import {
	failedAnswerArgs,
	findingArgs,
	inspectionArgs,
	jpegImage,
	photoArgs,
	pngImage,
	signatureArgs,
	submitArgs,
	type TestImage
} from './support/factories';
import { useServerDatabase, useSyncContext, type TestClient } from './support/sync-context';
import { withBlobStores } from './support/test-blob-stores';
import { testDatabases } from './support/test-databases';

const origin = 'http://localhost';
const hoanKiem = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };

type Handler = (event: never) => Response | Promise<Response>;

/** Calls a route handler as SvelteKit would after hooks.server.ts, as `actor`. */
function call(handler: Handler, actor: Actor, request: Request, sha256: string, platform?: unknown) {
	return handler({ request, params: { sha256 }, locals: { actor }, url: new URL(request.url), platform } as never);
}

const blobUrl = (sha256: string) => `${origin}/api/blobs/${sha256}`;

describe.each(withBlobStores(testDatabases))('blob access on $name, $blobs', (kind) => {
	const ctx = useSyncContext(kind);
	// The routes use the process-wide database and blob store: the test's own.
	useServerDatabase(ctx, kind, { shareFile: true });

	const put = (actor: Actor, image: TestImage, headers: Record<string, string> = {}) =>
		call(blobPut, actor, new Request(blobUrl(image.sha256), { method: 'PUT', body: image.bytes, headers }), image.sha256);
	const head = async (actor: Actor, sha256: string) =>
		(await call(blobHead, actor, new Request(blobUrl(sha256), { method: 'HEAD' }), sha256)).status;
	const get = async (actor: Actor, sha256: string) => {
		const response = await call(blobGet, actor, new Request(blobUrl(sha256)), sha256);
		return {
			status: response.status,
			body: response.status === 200 ? new Uint8Array(await response.arrayBuffer()) : await response.json()
		};
	};

	async function pushAll(client: TestClient, mutations: ReturnType<TestClient['mutation']>[]) {
		const response = await ctx.push(client, mutations);
		expect(response.results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
	}

	it('serves a photo to its uploader, the record’s author, province supervisors and, once approved, the unit’s ward only', async () => {
		const author = ctx.newActor('inspector', { provinceCode: 1 });
		const colleague = ctx.newActor('inspector', { provinceCode: 1 });
		const supervisor = ctx.newActor('supervisor', { provinceCode: 1 });
		const otherSupervisor = ctx.newActor('supervisor', { provinceCode: 79 });
		const ward70 = ctx.newActor('ward', { provinceCode: 1, unitCode: 70 });
		const ward4 = ctx.newActor('ward', { provinceCode: 1, unitCode: 4 });
		const photo = jpegImage();
		const unknown = jpegImage();

		// The device asks, uploads, and can see its own fresh upload before any record names it.
		expect(await head(author, photo.sha256)).toBe(404);
		expect((await put(author, photo)).status).toBe(201);
		expect(await head(author, photo.sha256)).toBe(200);
		expect(await get(author, photo.sha256)).toEqual({ status: 200, body: photo.bytes });

		// Nobody else, and the answer is the one an unknown hash gets.
		const refused = await get(colleague, photo.sha256);
		expect(refused).toEqual(await get(colleague, unknown.sha256));
		expect(refused).toEqual({ status: 404, body: { error: { code: 'blob_not_found', message: expect.any(String) } } });
		expect(await head(colleague, photo.sha256)).toBe(404);

		const client = ctx.newClient(author);
		const inspection = inspectionArgs({ unit: hoanKiem });
		const finding = findingArgs(inspection.id);
		await pushAll(client, [
			client.mutation('createInspection', inspection),
			client.mutation('attachPhoto', photoArgs(inspection.id, photo, { itemId: 'A3' })),
			client.mutation('answerItem', failedAnswerArgs(inspection.id)),
			client.mutation('submitInspection', submitArgs(inspection.id, [finding]))
		]);

		const seen = async () => ({
			colleague: await head(colleague, photo.sha256),
			supervisor: await head(supervisor, photo.sha256),
			otherSupervisor: await head(otherSupervisor, photo.sha256),
			ward70: await head(ward70, photo.sha256),
			ward4: await head(ward4, photo.sha256)
		});
		expect(await seen()).toEqual({ colleague: 404, supervisor: 200, otherSupervisor: 404, ward70: 404, ward4: 404 });
		expect((await get(supervisor, photo.sha256)).status).toBe(200);

		const reviewer = ctx.newClient(supervisor);
		await pushAll(reviewer, [reviewer.mutation('approveInspection', { inspectionId: inspection.id, comment: '' })]);
		expect(await seen()).toEqual({ colleague: 404, supervisor: 200, otherSupervisor: 404, ward70: 200, ward4: 404 });
		expect(await get(ward70, photo.sha256)).toEqual({ status: 200, body: photo.bytes });

		// The ward's fix photo is readable by the province's supervisors, not by another ward.
		const fixPhoto = jpegImage();
		expect((await put(ward70, fixPhoto)).status).toBe(201);
		const wardDevice = ctx.newClient(ward70);
		const { inspectionId: _i, itemId: _t, officerId: _o, ...fix } = photoArgs(inspection.id, fixPhoto);
		await pushAll(wardDevice, [
			wardDevice.mutation('reportFix', {
				findingId: finding.id,
				eventId: uuidv7(),
				text: 'Đã niêm yết bổ sung',
				photos: [fix],
				reportedAt: new Date().toISOString()
			})
		]);
		expect(await head(supervisor, fixPhoto.sha256)).toBe(200);
		expect(await head(author, fixPhoto.sha256)).toBe(200);
		expect(await head(ward4, fixPhoto.sha256)).toBe(404);
	});

	it('keeps an annotated copy’s original readable through the record, and kept, after the original’s own row is removed', async () => {
		const author = ctx.newActor('inspector', { provinceCode: 1 });
		const supervisor = ctx.newActor('supervisor', { provinceCode: 1 });
		const original = jpegImage();
		const copy = jpegImage();
		for (const image of [original, copy]) expect((await put(author, image)).status).toBe(201);
		const client = ctx.newClient(author);
		const inspection = inspectionArgs({ unit: hoanKiem });
		const first = photoArgs(inspection.id, original);
		await pushAll(client, [
			client.mutation('createInspection', inspection),
			client.mutation('attachPhoto', first),
			client.mutation('attachPhoto', photoArgs(inspection.id, copy, { originalSha256: original.sha256 })),
			client.mutation('removePhoto', { inspectionId: inspection.id, photoId: first.id })
		]);
		expect(await head(supervisor, original.sha256)).toBe(200);
		expect(await isReferenced(ctx.db, original.sha256)).toBe(true);
		expect(await referencedHashes(ctx.db)).toContain(original.sha256);
	});

	it('serves a drawn signature by its record, and bytes re-uploaded by someone who holds them to that someone', async () => {
		const author = ctx.newActor('inspector', { provinceCode: 1 });
		const supervisor = ctx.newActor('supervisor', { provinceCode: 1 });
		const stranger = ctx.newActor('inspector', { provinceCode: 79 });
		const png = pngImage();
		expect((await put(author, png)).status).toBe(201);
		const client = ctx.newClient(author);
		const inspection = inspectionArgs({ unit: hoanKiem });
		await pushAll(client, [
			client.mutation('createInspection', inspection),
			client.mutation('signInspection', signatureArgs(inspection.id, png))
		]);
		expect(await head(supervisor, png.sha256)).toBe(200);
		expect(await head(stranger, png.sha256)).toBe(404);
		// Uploading the same bytes proves holding them: readable from then on. Answered 201, the
		// stranger's first upload, not 200: that would confirm the server holds them (docs/secrecy.md).
		expect((await put(stranger, png)).status).toBe(201);
		expect((await put(stranger, png)).status).toBe(200);
		expect(await head(stranger, png.sha256)).toBe(200);
	});

	it('accepts an upload with no Content-Type, or any, the type being read from the bytes', async () => {
		const actor = ctx.newActor('inspector', { provinceCode: 1 });
		const bare = jpegImage();
		const request = new Request(blobUrl(bare.sha256), { method: 'PUT', body: bare.bytes });
		expect(request.headers.get('content-type')).toBeNull();
		const response = await call(blobPut, actor, request, bare.sha256);
		expect(response.status).toBe(201);
		expect(await response.json()).toEqual({ sha256: bare.sha256, size: bare.bytes.byteLength, mime: 'image/jpeg' });

		const labelled = jpegImage();
		expect((await put(actor, labelled, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(201);

		// Behind adapter-node a request without Content-Type reaches the route with no body: the
		// bytes are read from the Node request itself.
		const viaNode = jpegImage();
		const nodeRequest = Object.assign(Readable.from([Buffer.from(viaNode.bytes)]), {
			headers: { 'content-length': String(viaNode.bytes.byteLength) }
		});
		const bodiless = new Request(blobUrl(viaNode.sha256), { method: 'PUT' });
		const stored = await call(blobPut, actor, bodiless, viaNode.sha256, { req: nodeRequest });
		expect(stored.status).toBe(201);
		expect(await head(actor, viaNode.sha256)).toBe(200);
	});

	it('answers an oversize body 413 with the JSON error before reading it, and stops reading a chunked one past the limit', async () => {
		const actor = ctx.newActor('inspector', { provinceCode: 1 });
		const sha256 = jpegImage().sha256;
		let pulled = 0;
		let cancelled = false;
		// No read-ahead (highWaterMark 0): a pull happens only when someone reads.
		const untouched = new ReadableStream<Uint8Array>(
			{
				pull(controller) {
					pulled++;
					controller.enqueue(new Uint8Array(1024));
				},
				cancel() {
					cancelled = true;
				}
			},
			{ highWaterMark: 0 }
		);
		const declared = new Request(blobUrl(sha256), {
			method: 'PUT',
			body: untouched,
			headers: { 'content-length': String(MAX_BLOB_BYTES + 1) },
			duplex: 'half'
		} as RequestInit);
		const refused = await call(blobPut, actor, declared, sha256);
		expect(refused.status).toBe(413);
		expect(await refused.json()).toEqual({ error: { code: 'blob_too_large', message: expect.stringContaining('MiB') } });
		expect(pulled).toBe(0);
		// Not cancelled either: behind adapter-node that destroys the socket, and the device would
		// see a reset instead of this answer.
		expect(cancelled).toBe(false);

		// The same behind adapter-node with no Content-Type (the body read from the Node request).
		let nodeReads = 0;
		const nodeRequest = Object.assign(
			new Readable({
				read() {
					nodeReads++;
					this.push(Buffer.alloc(1024));
				}
			}),
			{ headers: { 'content-length': String(MAX_BLOB_BYTES + 1) } }
		);
		const bodiless = new Request(blobUrl(sha256), { method: 'PUT', headers: { 'content-length': String(MAX_BLOB_BYTES + 1) } });
		const viaNode = await call(blobPut, actor, bodiless, sha256, { req: nodeRequest });
		expect(viaNode.status).toBe(413);
		expect([nodeReads, nodeRequest.readableFlowing, nodeRequest.destroyed]).toEqual([0, null, false]);

		const chunk = 1024 * 1024;
		let sent = 0;
		const endless = new ReadableStream<Uint8Array>({
			pull(controller) {
				sent += chunk;
				const bytes = new Uint8Array(chunk);
				if (sent === chunk) bytes.set([0xff, 0xd8, 0xff, 0xe0]);
				controller.enqueue(bytes);
			}
		});
		const chunked = new Request(blobUrl(sha256), { method: 'PUT', body: endless, duplex: 'half' } as RequestInit);
		const stopped = await call(blobPut, actor, chunked, sha256);
		expect(stopped.status).toBe(413);
		expect(await stopped.json()).toMatchObject({ error: { code: 'blob_too_large' } });
		// Read up to the limit and a little beyond (the stream's own read-ahead), never all of it.
		expect(sent).toBeLessThanOrEqual(MAX_BLOB_BYTES + 3 * chunk);
	});
});
