import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileBlobStore, MAX_BLOB_BYTES } from '$lib/server/blobs';
import { jpegImage, pngImage, sha256Of, webpImage } from './support/factories';

/** A body that would go on for ever, counting how much of it the store asked for. */
function endlessJpeg(chunkSize = 64 * 1024) {
	const counter = { pulled: 0 };
	const stream = new ReadableStream<Uint8Array>({
		pull(controller) {
			const chunk = new Uint8Array(chunkSize);
			if (counter.pulled === 0) chunk.set([0xff, 0xd8, 0xff, 0xe0]);
			counter.pulled += chunk.byteLength;
			controller.enqueue(chunk);
		}
	});
	return { stream, counter };
}

const bodyOf = (bytes: Uint8Array<ArrayBuffer>) => new Blob([bytes]).stream();

describe('content-addressed blob store', () => {
	let root: string;
	let store: FileBlobStore;
	beforeAll(async () => {
		root = await mkdtemp(join(tmpdir(), 'kiem-tra-blobs-'));
		store = new FileBlobStore(join(root, 'blobs'));
	});
	afterAll(() => rm(root, { recursive: true, force: true }));

	it('stores JPEG, PNG and WebP under ab/cd/<sha256> and reports what they are', async () => {
		for (const image of [jpegImage(), pngImage(), webpImage()]) {
			const result = await store.put(image.sha256, bodyOf(image.bytes));
			expect(result).toEqual({ ok: true, created: true, size: image.bytes.byteLength, mime: image.mime });
			const path = join(root, 'blobs', image.sha256.slice(0, 2), image.sha256.slice(2, 4), image.sha256);
			expect(new Uint8Array(await readFile(path))).toEqual(image.bytes);
			expect(await store.stat(image.sha256)).toEqual({ size: image.bytes.byteLength, mime: image.mime });
		}
	});

	it('stores identical bytes once', async () => {
		const image = jpegImage();
		const first = await store.put(image.sha256, bodyOf(image.bytes));
		const second = await store.put(image.sha256, bodyOf(image.bytes));
		expect(first).toMatchObject({ ok: true, created: true });
		expect(second).toMatchObject({ ok: true, created: false });
		const dir = join(root, 'blobs', image.sha256.slice(0, 2), image.sha256.slice(2, 4));
		expect((await readdir(dir)).filter((f) => f === image.sha256)).toHaveLength(1);
		expect(await readdir(join(root, 'blobs', 'tmp'))).toEqual([]);
	});

	it('refuses bytes whose hash does not match the address (422) and keeps nothing', async () => {
		const image = jpegImage();
		const other = jpegImage();
		const result = await store.put(other.sha256, bodyOf(image.bytes));
		expect(result).toMatchObject({ ok: false, status: 422, code: 'hash_mismatch' });
		expect(await store.stat(other.sha256)).toBeNull();
		expect(await store.stat(image.sha256)).toBeNull();
		expect(await readdir(join(root, 'blobs', 'tmp'))).toEqual([]);
	});

	it('refuses non-images by their bytes (415), whatever they claim to be', async () => {
		const pdf = new TextEncoder().encode('%PDF-1.7 pretending to be a photo');
		const result = await store.put(sha256Of(pdf), bodyOf(pdf));
		expect(result).toMatchObject({ ok: false, status: 415, code: 'not_an_image' });
		const tiny = new Uint8Array([0xff, 0xd8]);
		expect(await store.put(sha256Of(tiny), bodyOf(tiny))).toMatchObject({ ok: false, status: 415 });
	});

	it('refuses a body over 8 MiB (413) and stops reading soon after the limit', async () => {
		const { stream, counter } = endlessJpeg();
		const result = await store.put('0'.repeat(64), stream);
		expect(result).toMatchObject({ ok: false, status: 413, code: 'blob_too_large' });
		expect(counter.pulled).toBeLessThan(MAX_BLOB_BYTES + 1024 * 1024);
		expect(await readdir(join(root, 'blobs', 'tmp'))).toEqual([]);
	});

	it('refuses a declared length over 8 MiB before reading anything', async () => {
		const { stream, counter } = endlessJpeg();
		const result = await store.put('0'.repeat(64), stream, MAX_BLOB_BYTES + 1);
		expect(result).toMatchObject({ ok: false, status: 413 });
		expect(counter.pulled).toBeLessThanOrEqual(64 * 1024);
	});

	it('accepts exactly 8 MiB', async () => {
		const image = jpegImage(MAX_BLOB_BYTES);
		expect(await store.put(image.sha256, bodyOf(image.bytes))).toMatchObject({ ok: true, size: MAX_BLOB_BYTES });
	});
});
