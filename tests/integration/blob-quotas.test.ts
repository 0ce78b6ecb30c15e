/**
 * Photo quotas (issue 14, must-show 6) on both databases: the upload route answers 429 with
 * Retry-After over the per-user daily quota and 413 over the per-record cap, refusals are
 * audited, and the device's sync engine keeps the photos and goes on with everything else.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import { AppDb } from '$lib/local/app-db';
import { answerItem, attachPhoto, createInspection } from '$lib/local/inspection-actions';
import { syncOnce } from '$lib/local/sync/sync-engine';
import { TransientSyncError } from '$lib/local/sync/transport';
import { header } from '$lib/local/test-fixtures';
import { auditEntryFor } from '$lib/server/auth/request-audit';
import { checkBlobQuota, defaultQuotas, recordUpload, type BlobQuotas } from '$lib/server/blobs';
import { defaultTemplate } from '$lib/templates';
import { PUT as blobPut } from '../../src/routes/api/blobs/[sha256]/+server';
import { inspectionArgs, jpegImage, photoArgs, sha256Of, type TestImage } from './support/factories';
import { serverTransport } from './support/server-transport';
import { useServerDatabase, useSyncContext } from './support/sync-context';
import { withBlobStores } from './support/test-blob-stores';
import { testDatabases } from './support/test-databases';

const MiB = 1024 * 1024;

function putAs(userId: string, image: TestImage, inspectionId?: string) {
	const headers: Record<string, string> = { 'content-type': image.mime };
	if (inspectionId) headers['x-inspection-id'] = inspectionId;
	const request = new Request(`http://localhost/api/blobs/${image.sha256}`, { method: 'PUT', headers, body: image.bytes });
	const actor = { userId, role: 'inspector', provinceCode: 1, unitCode: null };
	const event = { request, params: { sha256: image.sha256 }, locals: { actor }, url: new URL(request.url) };
	return { request, response: blobPut(event as never) };
}

/** Sets quota variables for one test; restored after it. */
const savedEnv = { ...process.env };
function withEnv(vars: Record<string, string>) {
	Object.assign(process.env, vars);
}
afterEach(() => {
	for (const key of ['BLOB_QUOTA_USER_DAILY_MIB', 'BLOB_QUOTA_RECORD_PHOTOS', 'BLOB_QUOTA_RECORD_MIB']) {
		if (savedEnv[key] === undefined) delete process.env[key];
		else process.env[key] = savedEnv[key];
	}
});

describe.each(withBlobStores(testDatabases))('blob quotas on $name, $blobs', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });

	it('over the daily quota: 429 with Retry-After and a clear message, nothing stored; a repeat of stored bytes still answers 200', async () => {
		withEnv({ BLOB_QUOTA_USER_DAILY_MIB: '1' });
		const user = `quota-user-${uuidv7()}`;
		const first = jpegImage(700 * 1024);
		const second = jpegImage(700 * 1024);
		expect((await putAs(user, first).response).status).toBe(201);

		const refused = await putAs(user, second).response;
		expect(refused.status).toBe(429);
		const retryAfter = Number(refused.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThan(23 * 3600);
		expect(retryAfter).toBeLessThanOrEqual(24 * 3600);
		expect(await refused.json()).toEqual({
			error: { code: 'blob_quota_user', message: expect.stringContaining('Daily upload quota reached (1 MiB in 24 hours)') }
		});
		expect(await ctx.blobs.stat(second.sha256)).toBeNull();

		// The device lost the answer and sends the same bytes again: not counted twice.
		expect((await putAs(user, first).response).status).toBe(200);
		// Another account has its own quota.
		expect((await putAs(`other-${uuidv7()}`, second).response).status).toBe(201);
	});

	it('Retry-After is the time until enough of the last 24 hours ages out', async () => {
		const user = `quota-clock-${uuidv7()}`;
		const now = new Date('2026-12-06T12:00:00.000Z');
		const quotas: BlobQuotas = { ...defaultQuotas, userBytesPerDay: 1 * MiB };
		const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3600_000).toISOString();
		await recordUpload(ctx.db, 'a'.repeat(64), user, { size: 400 * 1024, now: at(30) }); // outside the window
		await recordUpload(ctx.db, 'b'.repeat(64), user, { size: 400 * 1024, now: at(23) });
		await recordUpload(ctx.db, 'c'.repeat(64), user, { size: 400 * 1024, now: at(2) });
		const intent = { userId: user, sha256: 'd'.repeat(64), inspectionId: null, now };
		// 800 KiB in the window: 200 KiB more fits, 300 KiB waits until b ages out (in 1 hour).
		expect(await checkBlobQuota(ctx.db, quotas, intent, { size: 200 * 1024 })).toBeNull();
		expect(await checkBlobQuota(ctx.db, quotas, intent, { size: 300 * 1024 })).toMatchObject({
			status: 429,
			code: 'blob_quota_user',
			retryAfter: 3600
		});
		// Bytes this user already sent are never counted again.
		expect(await checkBlobQuota(ctx.db, quotas, { ...intent, sha256: 'c'.repeat(64) }, { size: 900 * 1024 })).toBeNull();
	});

	it('over the per-record cap: 413 blob_quota_record for that record only; a bad X-Inspection-Id is 400', async () => {
		withEnv({ BLOB_QUOTA_RECORD_PHOTOS: '2' });
		const user = `record-user-${uuidv7()}`;
		const record = uuidv7();
		const [a, b, c] = [jpegImage(), jpegImage(), jpegImage()];
		expect((await putAs(user, a, record).response).status).toBe(201);
		expect((await putAs(user, b, record).response).status).toBe(201);
		const refused = await putAs(user, c, record).response;
		expect(refused.status).toBe(413);
		expect(await refused.json()).toEqual({
			error: { code: 'blob_quota_record', message: expect.stringContaining('at most 2 photos') }
		});
		expect(await ctx.blobs.stat(c.sha256)).toBeNull();
		expect((await putAs(user, c, uuidv7()).response).status).toBe(201);

		const bad = await putAs(user, jpegImage(), 'not-a-record').response;
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request', field: 'x-inspection-id' } });
	});

	it('the per-record cap holds at attachPhoto too, for a client that never names the record on upload', async () => {
		withEnv({ BLOB_QUOTA_RECORD_PHOTOS: '2' });
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const images = [jpegImage(), jpegImage(), jpegImage()];
		for (const image of images) await ctx.upload(image);
		const pushed = await ctx.push(client, [
			client.mutation('createInspection', inspection),
			...images.map((image) => client.mutation('attachPhoto', photoArgs(inspection.id, image)))
		]);
		expect(pushed.results.map((r) => [r.status, r.code])).toEqual([
			['applied', undefined],
			['applied', undefined],
			['applied', undefined],
			['rejected', 'blob_quota_record']
		]);
		expect(pushed.results[3]).toMatchObject({ field: 'args.sha256', message: expect.stringContaining('at most 2 photos') });
		expect(await ctx.db.selectFrom('photos').select('id').where('inspection_id', '=', inspection.id).execute()).toHaveLength(2);
	});

	it('refused uploads are audited with their status and code, like stored ones', async () => {
		withEnv({ BLOB_QUOTA_RECORD_PHOTOS: '1' });
		const user = `audited-${uuidv7()}`;
		const record = uuidv7();
		await putAs(user, jpegImage(), record).response;
		const over = jpegImage();
		const { request, response } = putAs(user, over, record);
		const actor = { userId: user, role: 'inspector', provinceCode: 1, unitCode: null } as never;
		expect(await auditEntryFor(request, `/api/blobs/${over.sha256}`, actor, await response)).toEqual({
			action: 'blob_refused',
			actorUserId: user,
			detail: { sha256: over.sha256, status: 413, code: 'blob_quota_record', inspectionId: record }
		});

		const broken = jpegImage(4096);
		const bytes = broken.bytes.slice(0, 3000);
		const cut = { ...broken, bytes, sha256: sha256Of(bytes) };
		const undecodable = putAs(user, cut);
		const answer = await undecodable.response;
		expect(answer.status).toBe(422);
		expect(await auditEntryFor(undecodable.request, `/api/blobs/${cut.sha256}`, actor, answer)).toMatchObject({
			action: 'blob_refused',
			detail: { status: 422, code: 'image_undecodable' }
		});
	});
});

describe.each(withBlobStores(testDatabases))('the device at a photo quota on $name, $blobs', (kind) => {
	const ctx = useSyncContext(kind);
	let n = 0;
	const device = () => new AppDb(`blob-quotas-${kind.name}-${++n}-${Date.now()}`);
	const photo = (size: number) => {
		const img = jpegImage(size);
		return { bytes: img.bytes.buffer, mime: 'image/jpeg' as const, sha256: img.sha256, width: 8, height: 6 };
	};

	it('the daily quota keeps the photos on the device, still pending, while the rest of the round syncs; they go once the quota allows', async () => {
		const actor = ctx.newInspector();
		const a = device();
		const id = await createInspection(a, { header, template: defaultTemplate, createdBy: actor.userId });
		const [p1, p2, p3] = [photo(4000), photo(4000), photo(4000)];
		for (const image of [p1, p2, p3]) await attachPhoto(a, { inspectionId: id, itemId: 'A3', officerId: '', image });
		await answerItem(a, { inspectionId: id, itemId: 'A1', officerId: '', note: 'sau ảnh' });
		const tight: BlobQuotas = { ...defaultQuotas, userBytesPerDay: 9000 };

		const round = syncOnce(a, serverTransport(ctx, actor, { quotas: tight }));
		await expect(round).rejects.toMatchObject({ code: 'blob_quota_user', retryAfterMs: expect.any(Number) });
		await expect(round).rejects.toBeInstanceOf(TransientSyncError);

		// Two photos went; the third waits on the device, not failed, its entry still pending.
		expect((await a.blobs.get(p1.sha256))?.uploaded).toBe(1);
		expect((await a.blobs.get(p2.sha256))?.uploaded).toBe(1);
		expect(await a.blobs.get(p3.sha256)).toMatchObject({ uploaded: 0, size: 4000 });
		expect((await a.blobs.get(p3.sha256))?.failure).toBeUndefined();
		// The round still pushed (the record and the photos whose bytes arrived) and pulled.
		expect((await ctx.db.selectFrom('inspections').select('id').where('id', '=', id).execute()).length).toBe(1);
		const onServer = await ctx.db.selectFrom('photos').select('sha256').where('inspection_id', '=', id).execute();
		expect(onServer.map((p) => p.sha256).sort()).toEqual([p1.sha256, p2.sha256].sort());
		expect((await a.outbox.toArray()).map((e) => [e.mutation.name, e.state])).toEqual([
			['attachPhoto', 'pending'],
			['answerItem', 'pending']
		]);
		expect(await a.meta.get('lastSyncAt')).toBeDefined();

		// The quota allows again (a day later, or a raised limit): everything goes.
		await syncOnce(a, serverTransport(ctx, actor, { quotas: defaultQuotas }));
		expect(await a.outbox.count()).toBe(0);
		expect((await ctx.db.selectFrom('photos').select('sha256').where('inspection_id', '=', id).execute()).length).toBe(3);
		a.close();
	});

	it('the per-record cap refuses the photo for good: kept on the device and shown refused with the message; the rest syncs', async () => {
		const actor = ctx.newInspector();
		const a = device();
		const id = await createInspection(a, { header, template: defaultTemplate, createdBy: actor.userId });
		const [p1, p2] = [photo(3000), photo(3000)];
		await attachPhoto(a, { inspectionId: id, itemId: 'A3', officerId: '', image: p1 });
		await attachPhoto(a, { inspectionId: id, itemId: 'A3', officerId: '', image: p2 });
		await answerItem(a, { inspectionId: id, itemId: 'A1', officerId: '', note: 'sau ảnh' });

		await syncOnce(a, serverTransport(ctx, actor, { quotas: { ...defaultQuotas, recordPhotos: 1 } }));

		const refused = await a.blobs.get(p2.sha256);
		expect(refused).toMatchObject({ uploaded: 0, failure: { code: 'blob_quota_record', status: 413 } });
		expect(refused?.bytes.byteLength).toBe(3000);
		expect((await a.photos.toArray()).filter((p) => p.sha256 === p2.sha256)).toHaveLength(1);
		const outbox = await a.outbox.toArray();
		expect(outbox.map((e) => [e.mutation.name, e.state, e.lastErrorCode])).toEqual([['attachPhoto', 'rejected', 'blob_quota_record']]);
		expect(outbox[0]?.lastError).toMatch(/at most 1 photos/);
		const answers = await ctx.db.selectFrom('answers').select('item_id').where('inspection_id', '=', id).execute();
		expect(answers.map((r) => r.item_id)).toEqual(['A1']);
		a.close();
	});
});
