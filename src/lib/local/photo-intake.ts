/**
 * From a picked or captured file to a stored evidence photo: check room, compress, store.
 * Compression happens before the Dexie transaction (never await non-Dexie work inside one).
 */
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
