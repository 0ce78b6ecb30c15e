/**
 * From a picked or captured file to a stored evidence photo: check room, compress, store.
 * Compression happens before the Dexie transaction (never await non-Dexie work inside one).
 */
import type { AnnotatedDrawing } from '$lib/domain/photo-gallery';
import type { AppDb } from './app-db';
import { attachPhoto, type PreparedImage } from './inspection-actions';
import { compressPhoto } from './photos/compress';
import { hasRoomFor } from './storage-status.svelte';
import { StorageError } from './storage-guard';

/** Compresses picked files and checks there is room to keep them; nothing is stored yet. */
export async function prepareImages(files: Blob[]): Promise<PreparedImage[]> {
	const images: PreparedImage[] = [];
	for (const file of files) images.push(await compressPhoto(file));
	const total = images.reduce((n, i) => n + i.bytes.byteLength, 0);
	if (!(await hasRoomFor(total))) throw new StorageError('quota', new Error('estimate: not enough room for photos'));
	return images;
}

export async function addPhotoFromFile(
	db: AppDb,
	input: { inspectionId: string; itemId: string | null; officerId: string; file: Blob; by?: string }
): Promise<string> {
	const image = await compressPhoto(input.file);
	if (!(await hasRoomFor(image.bytes.byteLength))) throw new StorageError('quota', new Error('estimate: not enough room for photo'));
	return attachPhoto(db, { inspectionId: input.inspectionId, itemId: input.itemId, officerId: input.officerId, image, by: input.by });
}

/**
 * Saves an annotated drawing as a new photo in the slot of the one it was drawn on, compressed like
 * any photo, naming `originalSha256` (photo-gallery.ts `originalHashOf`). The original is kept.
 */
export async function addAnnotatedPhoto(db: AppDb, input: AnnotatedDrawing & { by?: string }): Promise<string> {
	const image = await compressPhoto(input.drawing);
	if (!(await hasRoomFor(image.bytes.byteLength))) throw new StorageError('quota', new Error('estimate: not enough room for photo'));
	const { inspectionId, itemId, officerId, caption } = input.drawnOn;
	return attachPhoto(db, { inspectionId, itemId, officerId, caption, image, by: input.by, originalSha256: input.originalSha256 });
}
