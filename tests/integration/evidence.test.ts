import { describe, expect, it } from 'vitest';
import { inspectionArgs, jpegImage, officerArgs, photoArgs, pngImage, signatureArgs } from './support/factories';
import { useSyncContext } from './support/sync-context';
import { withBlobStores } from './support/test-blob-stores';
import { testDatabases } from './support/test-databases';

describe.each(withBlobStores(testDatabases))('photos and signatures on $name, $blobs', (kind) => {
	const ctx = useSyncContext(kind);

	it('an attachPhoto before its blob is deferred without consuming its seq, and applies after upload', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const image = jpegImage();
		const create = client.mutation('createInspection', inspection);
		const photo = photoArgs(inspection.id, image);
		const attach = client.mutation('attachPhoto', photo);
		const after = client.mutation('addOfficer', officerArgs(inspection.id));

		const early = await ctx.push(client, [create, attach, after]);
		expect(early.results.map((r) => [r.status, r.code])).toEqual([
			['applied', undefined],
			['deferred', 'missing_blob'],
			['deferred', 'waiting_for_seq']
		]);
		expect(early.results[1]?.field).toBe('args.sha256');
		expect(early.lastAppliedSeq).toBe(1);
		expect(await ctx.db.selectFrom('photos').select('id').where('id', '=', photo.id).execute()).toEqual([]);

		await ctx.upload(image);
		const retried = await ctx.push(client, [attach, after]);
		expect(retried.results.map((r) => r.status)).toEqual(['applied', 'applied']);
		expect(retried.lastAppliedSeq).toBe(3);
		const { changes } = await ctx.pullAll(client.actor);
		expect(changes.find((c) => c.entity === 'photo')).toMatchObject({ op: 'upsert', data: { sha256: image.sha256 } });
	});

	it('a photo whose metadata disagrees with the stored bytes is rejected', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const image = jpegImage();
		await ctx.upload(image);
		const response = await ctx.push(client, [
			client.mutation('createInspection', inspection),
			client.mutation('attachPhoto', photoArgs(inspection.id, image, { size: image.bytes.byteLength + 1 })),
			client.mutation('attachPhoto', photoArgs(inspection.id, image, { mime: 'image/png' }))
		]);
		expect(response.results.slice(1).map((r) => [r.status, r.code, r.field])).toEqual([
			['rejected', 'blob_mismatch', 'args.size'],
			['rejected', 'blob_mismatch', 'args.mime']
		]);
	});

	it('a drawn signature waits for its PNG; a refusal to sign needs none', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const png = pngImage();
		const create = client.mutation('createInspection', inspection);
		const sign = client.mutation('signInspection', signatureArgs(inspection.id, png));
		const early = await ctx.push(client, [create, sign]);
		expect(early.results[1]).toMatchObject({ status: 'deferred', code: 'missing_blob' });

		await ctx.upload(png);
		const refusal = client.mutation('signInspection', {
			refused: true,
			inspectionId: inspection.id,
			role: 'unit_rep',
			signerName: 'Trần Thị Bình',
			signerPosition: 'Phó Chủ tịch',
			refusalReason: 'Không đồng ý với kết luận',
			signedAt: new Date().toISOString()
		});
		const later = await ctx.push(client, [sign, refusal]);
		expect(later.results.map((r) => r.status)).toEqual(['applied', 'applied']);
		const rows = await ctx.db
			.selectFrom('signatures')
			.select(['role', 'refused', 'sha256'])
			.where('inspection_id', '=', inspection.id)
			.orderBy('role')
			.execute();
		expect(rows).toEqual([
			{ role: 'inspector', refused: 0, sha256: png.sha256 },
			{ role: 'unit_rep', refused: 1, sha256: null }
		]);
	});

	it("an annotated photo names an original of its own record; another record's photo or no photo is refused", async () => {
		const client = ctx.newClient();
		const mine = inspectionArgs();
		const other = inspectionArgs();
		const original = jpegImage();
		const elsewhere = jpegImage();
		const annotated = jpegImage();
		for (const image of [original, elsewhere, annotated]) await ctx.upload(image);
		const copy = photoArgs(mine.id, annotated, { originalSha256: original.sha256 });
		const response = await ctx.push(client, [
			client.mutation('createInspection', mine),
			client.mutation('createInspection', other),
			client.mutation('attachPhoto', photoArgs(mine.id, original)),
			client.mutation('attachPhoto', photoArgs(other.id, elsewhere)),
			client.mutation('attachPhoto', copy),
			client.mutation('attachPhoto', photoArgs(mine.id, annotated, { originalSha256: elsewhere.sha256 })),
			client.mutation('attachPhoto', photoArgs(mine.id, annotated, { originalSha256: jpegImage().sha256 }))
		]);
		expect(response.results.map((r) => [r.status, r.code, r.field])).toEqual([
			['applied', undefined, undefined],
			['applied', undefined, undefined],
			['applied', undefined, undefined],
			['applied', undefined, undefined],
			['applied', undefined, undefined],
			['rejected', 'unknown_original', 'args.originalSha256'],
			['rejected', 'unknown_original', 'args.originalSha256']
		]);
		const stored = await ctx.db
			.selectFrom('photos')
			.select(['sha256', 'original_sha256'])
			.where('id', '=', copy.id)
			.executeTakeFirstOrThrow();
		expect(stored).toEqual({ sha256: annotated.sha256, original_sha256: original.sha256 });
		const { changes } = await ctx.pullAll(client.actor);
		const pulled = changes.filter((c) => c.entity === 'photo' && c.data.inspectionId === mine.id).map((c) => c.data);
		expect(pulled).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ sha256: original.sha256 }),
				expect.objectContaining({ sha256: annotated.sha256, originalSha256: original.sha256 })
			])
		);
		expect(pulled.find((p) => p.sha256 === original.sha256)).not.toHaveProperty('originalSha256');
	});
});
