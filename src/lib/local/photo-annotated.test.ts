import { describe, expect, it } from 'vitest';
import type { AppDb } from './app-db';
import { freshDbPerTest } from './test-db';
import { attachPhoto, createInspection, removePhotos } from './inspection-actions';
import { header, tinyTemplate } from './test-fixtures';
import { galleryOf, photosToRemove } from '$lib/domain/photo-gallery';

let db: AppDb;
freshDbPerTest('photo-annotated', (fresh) => (db = fresh));

const image = (c: string) => ({
	bytes: new Uint8Array([1, 2, 3]).buffer,
	mime: 'image/jpeg' as const,
	sha256: c.repeat(64),
	width: 4,
	height: 3
});

describe('an annotated photo on the device', () => {
	it('is queued naming its original, both bytes kept; removing the entry queues the copy before the original', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await attachPhoto(db, { inspectionId: id, itemId: 'A1', officerId: '', image: image('a') });
		await attachPhoto(db, { inspectionId: id, itemId: 'A1', officerId: '', image: image('b'), originalSha256: 'a'.repeat(64) });
		const queued = (await db.outbox.orderBy('localId').toArray()).map((e) => e.mutation);
		expect(queued.at(-1)).toMatchObject({ name: 'attachPhoto', args: { sha256: 'b'.repeat(64), originalSha256: 'a'.repeat(64) } });
		expect(await db.blobs.count()).toBe(2);

		const photos = await db.photos.where('inspectionId').equals(id).toArray();
		const [entry] = galleryOf(photos);
		expect(entry?.shown.sha256).toBe('b'.repeat(64));
		await removePhotos(
			db,
			id,
			photosToRemove(photos, entry!).map((p) => p.id),
			'u1'
		);
		const removals = (await db.outbox.orderBy('localId').toArray()).slice(-2).map((e) => e.mutation.args as { photoId: string });
		expect(removals.map((r) => photos.find((p) => p.id === r.photoId)?.sha256)).toEqual(['b'.repeat(64), 'a'.repeat(64)]);
		expect(await db.photos.where('inspectionId').equals(id).count()).toBe(0);
	});
});
