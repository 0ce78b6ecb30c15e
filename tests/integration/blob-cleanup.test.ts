/**
 * Unreferenced photos (issue 14, must-show 6) on both databases, with real files and with real
 * objects on the S3 test server: what
 * `npm run admin -- blobs-cleanup` lists with --dry-run and removes without it, what it keeps
 * (anything a photo, a signature or a fix report names, anything younger than the grace period),
 * the audit entry it leaves, and the storage report admins read.
 */
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import { verifyChain } from '$lib/server/auth/audit';
import { planBlobCleanup, recordUpload, runBlobCleanup } from '$lib/server/blobs';
import { runAdminCli } from '$lib/server/cli/admin-cli';
import { GET as storage } from '../../src/routes/api/admin/storage/+server';
import { inspectionArgs, jpegImage, photoArgs, pngImage, signatureArgs, type TestImage } from './support/factories';
import { useServerDatabase, useSyncContext } from './support/sync-context';
import { withBlobStores } from './support/test-blob-stores';
import { testDatabases } from './support/test-databases';

const DAY_MS = 24 * 3600_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

describe.each(withBlobStores(testDatabases))('blob clean-up and storage report on $name, $blobs', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });

	async function cleanup(...args: string[]) {
		const out: string[] = [];
		const err: string[] = [];
		const argv = ['blobs-cleanup', ...args];
		const code = await runAdminCli(argv, {
			stdin: Readable.from(['']),
			stdout: (l) => out.push(l),
			stderr: (l) => err.push(l),
			db: ctx.db
		});
		return { code, out: out.join('\n'), err: err.join('\n') };
	}

	/** Stores `image` as an upload by `user` whose bytes and upload row are `age` days old. */
	async function stored(image: TestImage, age: number, user = 'uploader') {
		await ctx.upload(image);
		const when = daysAgo(age);
		await ctx.testBlobs.age(image.sha256, when);
		await recordUpload(ctx.db, image.sha256, user, { size: image.bytes.byteLength, now: when.toISOString() });
		return image;
	}

	const held = async (image: TestImage) => (await ctx.blobs.stat(image.sha256)) !== null;
	const uploadRows = async (image: TestImage) =>
		(await ctx.db.selectFrom('blob_uploads').select('user_id').where('sha256', '=', image.sha256).execute()).length;

	it('lists with --dry-run and removes without it only old bytes no record references; audited; the young and the referenced stay', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		// Referenced, all long ago: a photo, a drawn signature, a commune's fix photo.
		const photo = await stored(jpegImage(3000), 90);
		const signature = await stored(pngImage(600), 90);
		const fixPhoto = await stored(jpegImage(2500), 90);
		const pushed = await ctx.push(client, [
			client.mutation('createInspection', inspection),
			client.mutation('attachPhoto', photoArgs(inspection.id, photo)),
			client.mutation('signInspection', signatureArgs(inspection.id, signature))
		]);
		expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
		await ctx.db
			.insertInto('finding_events')
			.values({
				id: uuidv7(),
				finding_id: uuidv7(),
				inspection_id: inspection.id,
				kind: 'fixReported',
				actor_user_id: 'ward',
				at: new Date().toISOString(),
				data: JSON.stringify({ text: 'Đã niêm yết lại', photos: [{ sha256: fixPhoto.sha256, mime: fixPhoto.mime }] }),
				version: 1
			})
			.execute();
		// Unreferenced: old (goes), young (stays), an old file uploaded again lately (stays).
		const orphan = await stored(jpegImage(4000), 45);
		const young = await stored(jpegImage(1500), 5);
		const reuploaded = await stored(jpegImage(1800), 60);
		await recordUpload(ctx.db, reuploaded.sha256, 'another-user', { size: 1800, now: daysAgo(2).toISOString() });
		// A temporary file an interrupted upload left two days ago.
		const tmp = join(ctx.blobs.stagingDir, `${orphan.sha256}.crashed.part`);
		await mkdir(ctx.blobs.stagingDir, { recursive: true });
		await writeFile(tmp, 'half an upload');
		await utimes(tmp, daysAgo(2), daysAgo(2));

		const dry = await cleanup('--dry-run');
		expect(dry.code).toBe(0);
		expect(dry.out).toContain(`Sẽ xóa ${orphan.sha256}  4000 byte`);
		expect(dry.out).toContain('1 ảnh không biên bản nào dùng, cũ hơn 30 ngày');
		expect(dry.out).toContain(': 4000 byte.');
		expect(dry.out).toContain('Giữ lại 2 ảnh chưa dùng nhưng còn trong thời gian chờ (3300 byte).');
		expect(dry.out).toContain('1 tệp tạm');
		expect(dry.out).toContain('chưa xóa gì');
		for (const image of [photo, signature, fixPhoto, young, reuploaded]) expect(dry.out).not.toContain(image.sha256);
		expect(await held(orphan)).toBe(true);
		const auditBefore = await ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'blobs_cleaned').execute();
		expect(auditBefore).toEqual([]);

		const real = await cleanup();
		expect(real.code).toBe(0);
		expect(real.out).toContain('Đã xóa 1 ảnh (4000 byte) và 1 tệp tạm');
		expect(await held(orphan)).toBe(false);
		expect(await uploadRows(orphan)).toBe(0);
		for (const image of [photo, signature, fixPhoto, young, reuploaded]) expect(await held(image)).toBe(true);
		expect(await uploadRows(photo)).toBe(1);
		const entries = await ctx.db
			.selectFrom('audit_log')
			.select(['detail', 'actor_user_id'])
			.where('action', '=', 'blobs_cleaned')
			.execute();
		expect(entries).toHaveLength(1);
		expect(JSON.parse(entries[0]!.detail)).toMatchObject({ removed: 1, bytes: 4000, graceDays: 30, hashes: [orphan.sha256], via: 'cli' });
		expect((await verifyChain(ctx.db)).ok).toBe(true);

		// --grace-days 0: every unreferenced blob goes at once; the referenced never do.
		const all = await cleanup('--grace-days', '0');
		expect(all.out).toContain('Đã xóa 2 ảnh (3300 byte)');
		for (const image of [young, reuploaded]) expect(await held(image)).toBe(false);
		for (const image of [photo, signature, fixPhoto]) expect(await held(image)).toBe(true);

		expect((await cleanup('--grace-days', 'soon')).code).toBe(2);
	});

	it('keeps a blob that a push attached after the plan was made', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const late = await stored(jpegImage(2200), 40);
		const plan = await planBlobCleanup(ctx.db, ctx.blobs);
		expect(plan.remove.map((b) => b.sha256)).toContain(late.sha256);

		await ctx.push(client, [
			client.mutation('createInspection', inspection),
			client.mutation('attachPhoto', photoArgs(inspection.id, late))
		]);
		const result = await runBlobCleanup(ctx.db, ctx.blobs, plan);
		expect(result.keptNowReferenced).toBeGreaterThanOrEqual(1);
		expect(await held(late)).toBe(true);
	});

	it('GET /api/admin/storage: the disk as it is, unreferenced bytes, the admin province line, the limits; admins only', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const photo = await stored(jpegImage(5000), 1);
		await ctx.push(client, [
			client.mutation('createInspection', inspection),
			client.mutation('attachPhoto', photoArgs(inspection.id, photo))
		]);
		await stored(jpegImage(1200), 1);

		let total = 0;
		let count = 0;
		for await (const file of ctx.blobs.list()) {
			total += file.size;
			count++;
		}
		const call = (actor: object) => {
			const request = new Request('http://localhost/api/admin/storage');
			return storage({ request, params: {}, locals: { actor }, url: new URL(request.url) } as never);
		};
		const answer = await call({ userId: 'admin-1', role: 'admin', provinceCode: 1, unitCode: null });
		expect(answer.status).toBe(200);
		expect(answer.headers.get('cache-control')).toBe('no-store');
		const report = await answer.json();
		expect(report).toMatchObject({
			totalBytes: total,
			count,
			unreferenced: { count: expect.any(Number), bytes: expect.any(Number) },
			limits: { maxBlobBytes: 8 * 1024 * 1024, userBytesPerDay: 1024 * 1024 * 1024, recordPhotos: 300, cleanupGraceDays: 30 }
		});
		expect(report.unreferenced.bytes).toBeGreaterThanOrEqual(1200);
		expect(report.byProvince).toEqual([
			{ provinceCode: 1, provinceName: 'Thành phố Hà Nội', count: expect.any(Number), bytes: expect.any(Number) }
		]);
		expect(report.byProvince[0].bytes).toBeGreaterThanOrEqual(5000);

		// An admin of another province sees the disk, not Hà Nội's line.
		const other = await (await call({ userId: 'admin-79', role: 'admin', provinceCode: 79, unitCode: null })).json();
		expect(other).toMatchObject({ totalBytes: total, byProvince: [] });
		expect((await call({ userId: 'sup', role: 'supervisor', provinceCode: 1, unitCode: null })).status).toBe(403);
	});
});
