/**
 * Photo storage away: an S3 bucket that cannot be reached is answered 503 `storage_unavailable`
 * with Retry-After by the blob routes and by a push that attaches a photo — not 500, and not "not
 * found" (which would tell a device its photo is missing). Nothing is stored or applied meanwhile,
 * and once the bucket answers again the same requests succeed. The bucket is made unreachable by
 * pointing S3_ENDPOINT at a port nobody listens on; the local s3rver stays up for the other tests.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BlobStoreUnavailable, blobStore } from '$lib/server/blobs';
import { applyPush, type Actor } from '$lib/server/sync';
import { GET as blobGet, HEAD as blobHead, PUT as blobPut } from '../../src/routes/api/blobs/[sha256]/+server';
import { POST as push } from '../../src/routes/api/sync/push/+server';
import { inspectionArgs, jpegImage, photoArgs } from './support/factories';
import { useServerDatabase, useSyncContext } from './support/sync-context';
import { blobBackends } from './support/test-blob-stores';
import { testDatabases } from './support/test-databases';

const s3SkipReason = blobBackends.find((b) => b.blobs === 's3')?.skipReason ?? null;
const kinds = testDatabases.map((kind) => ({ ...kind, blobs: 's3' as const, skipReason: kind.skipReason ?? s3SkipReason }));
const origin = 'http://localhost';

type Handler = (event: never) => Response | Promise<Response>;
const call = (handler: Handler, actor: Actor, request: Request, params: Record<string, string> = {}) =>
	handler({ request, params, locals: { actor }, url: new URL(request.url) } as never);

describe.each(kinds)('photo storage away, on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });
	let reachable: string | undefined;
	beforeAll(() => {
		reachable = process.env.S3_ENDPOINT;
	});
	const away = () => (process.env.S3_ENDPOINT = 'http://127.0.0.1:9');
	afterEach(() => {
		process.env.S3_ENDPOINT = reachable;
	});

	const blobRequest = (sha256: string, init?: RequestInit) => new Request(`${origin}/api/blobs/${sha256}`, init);
	const expectStorageAway = async (response: Response) => {
		expect(response.status).toBe(503);
		expect(response.headers.get('retry-after')).toBe('10');
		if (response.headers.get('content-type')?.includes('json'))
			expect(await response.json()).toMatchObject({ error: { code: 'storage_unavailable' } });
	};

	it('PUT, GET and HEAD of a photo answer 503 storage_unavailable, store nothing, and succeed once the bucket is back', async () => {
		const actor = ctx.newInspector();
		const [sent, waiting] = [jpegImage(2048), jpegImage(3000)];
		const put = (image: typeof sent) =>
			call(blobPut, actor, blobRequest(image.sha256, { method: 'PUT', body: image.bytes }), { sha256: image.sha256 });
		const get = (image: typeof sent) => call(blobGet, actor, blobRequest(image.sha256), { sha256: image.sha256 });
		expect((await put(sent)).status).toBe(201);

		away();
		await expectStorageAway(await put(waiting));
		// Bytes this user sent before: the read reaches the bucket, which does not answer.
		await expectStorageAway(await get(sent));
		await expectStorageAway(await call(blobHead, actor, blobRequest(sent.sha256, { method: 'HEAD' }), { sha256: sent.sha256 }));
		await expect(blobStore().stat(sent.sha256)).rejects.toBeInstanceOf(BlobStoreUnavailable);

		process.env.S3_ENDPOINT = reachable;
		expect(await ctx.blobs.stat(waiting.sha256)).toBeNull();
		expect((await put(waiting)).status).toBe(201);
		expect((await get(waiting)).status).toBe(200);
		expect((await get(sent)).status).toBe(200);
	});

	it('a push attaching a photo is answered 503 and applies nothing of it; sent again once the bucket is back, it applies once', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const image = jpegImage();
		await ctx.upload(image);
		expect((await ctx.push(client, [client.mutation('createInspection', inspection)])).results[0]?.status).toBe('applied');
		const attach = client.mutation('attachPhoto', photoArgs(inspection.id, image));
		const body = JSON.stringify({ clientId: client.clientId, mutations: [attach] });
		const pushRequest = () =>
			new Request(`${origin}/api/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
		const photos = () => ctx.db.selectFrom('photos').select('id').where('inspection_id', '=', inspection.id).execute();

		away();
		await expectStorageAway(await call(push, client.actor, pushRequest()));
		await expect(applyPush(ctx.db, client.actor, JSON.parse(body), { blobs: blobStore() })).rejects.toBeInstanceOf(BlobStoreUnavailable);
		expect(await photos()).toEqual([]);

		process.env.S3_ENDPOINT = reachable;
		const again = await call(push, client.actor, pushRequest());
		expect(again.status).toBe(200);
		expect(((await again.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['applied']);
		expect(await photos()).toHaveLength(1);
	});
});
