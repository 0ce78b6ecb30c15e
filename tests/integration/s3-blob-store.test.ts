/**
 * What only the S3 store has to show, on the local s3rver (setup/s3.ts): it is chosen by the
 * environment, a wrong setting stops the start with the reason, listings cross pages and keep to
 * their prefix, a write that fails leaves nothing, and the same bytes sent at once are stored once.
 * Everything else a store must do is in blob-store.test.ts, run on both stores.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BlobStoreConfigError, blobStore, checkBlobStore, FileBlobStore, S3BlobStore, type BlobStore } from '$lib/server/blobs';
import { jpegImage, pngImage, sha256Of } from './support/factories';
import { blobBackends, createTestBlobStore, type TestBlobStore } from './support/test-blob-stores';

const skipReason = blobBackends.find((b) => b.blobs === 's3')?.skipReason ?? null;
const bodyOf = (bytes: Uint8Array<ArrayBuffer>) => new Blob([bytes]).stream();

async function hashesIn(store: BlobStore): Promise<string[]> {
	const hashes: string[] = [];
	for await (const blob of store.list()) hashes.push(blob.sha256);
	return hashes.sort();
}

describe('photos on S3-compatible storage', () => {
	let root: string;
	let s3: TestBlobStore;
	let env: Record<string, string | undefined>;
	const made: S3BlobStore[] = [];
	/** Another store on the same server, with `changes` to its environment. */
	const storeWith = (changes: Record<string, string | undefined>) => {
		const store = blobStore(root, { ...env, ...changes });
		if (store instanceof S3BlobStore) made.push(store);
		return store;
	};

	if (skipReason) beforeEach((test) => test.skip(skipReason));
	beforeAll(async () => {
		if (skipReason) return;
		root = await mkdtemp(join(tmpdir(), 'kiem-tra-s3-'));
		s3 = await createTestBlobStore('s3', root);
		env = s3.env;
	});
	afterAll(async () => {
		for (const store of made) await store.close();
		await s3?.close();
		if (root) await rm(root, { recursive: true, force: true });
	});

	it('is chosen by BLOB_STORE=s3 and kept per settings (one client, its connections reused)', () => {
		expect(s3.store).toBeInstanceOf(S3BlobStore);
		expect(blobStore(root, env)).toBe(s3.store);
		expect(blobStore(root, { ...env, BLOB_STORE: undefined })).toBeInstanceOf(FileBlobStore);
		expect(s3.store.describe()).toBe(`S3 bucket ${env.S3_BUCKET} at ${env.S3_ENDPOINT}`);
		expect(s3.store.stagingDir).toBe(join(root, 'blobs', 'tmp'));
	});

	it('start-up: a usable bucket is named; a missing bucket, a refused key or a wrong setting stops the start with the reason', async () => {
		expect(await checkBlobStore(root, env)).toBe(`S3 bucket ${env.S3_BUCKET} at ${env.S3_ENDPOINT}`);
		await expect(checkBlobStore(root, { ...env, S3_BUCKET: 'no-such-bucket' })).rejects.toThrow(
			`S3 bucket no-such-bucket at ${env.S3_ENDPOINT} does not exist`
		);
		await expect(checkBlobStore(root, { ...env, AWS_ACCESS_KEY_ID: 'WRONG', S3_PREFIX: 'refused/' })).rejects.toThrow(
			/refuses these credentials/
		);
		await expect(checkBlobStore(root, { ...env, S3_BUCKET: undefined })).rejects.toThrow(BlobStoreConfigError);
		// No key at all, and no profile or role here: the SDK finds no credentials, which is no outage.
		// (The instance-metadata lookup is switched off: the tests reach nothing beyond loopback.)
		vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
		try {
			const noKey = { ...env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, S3_PREFIX: 'no-key/' };
			await expect(checkBlobStore(root, noKey)).rejects.toThrow(/cannot be used/);
		} finally {
			vi.unstubAllEnvs();
		}
		await expect(checkBlobStore(root, { ...env, BLOB_STORE: 'ftp' })).rejects.toThrow(/BLOB_STORE=ftp is not known/);
	});

	it('start-up: a bucket that does not answer yet is logged, and the server starts', async () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			// Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
			const described = await checkBlobStore(root, { ...env, S3_ENDPOINT: 'http://127.0.0.1:9' });
			expect(described).toBe(`S3 bucket ${env.S3_BUCKET} at http://127.0.0.1:9`);
			expect(errors).toHaveBeenCalledWith(expect.stringMatching(/cannot be reached.*starting anyway/));
		} finally {
			errors.mockRestore();
		}
	});

	it('lists page by page, only its own prefix and only keys named like blobs', async () => {
		const ours = storeWith({ S3_PREFIX: 'tinh-01' });
		const theirs = storeWith({ S3_PREFIX: 'tinh-02/' });
		const paged = new S3BlobStore((ours as S3BlobStore).settings, { stagingDir: ours.stagingDir, listPageSize: 2 });
		made.push(paged);
		const images = [jpegImage(900), jpegImage(901), pngImage(600), jpegImage(902), pngImage(601)];
		for (const image of images) expect(await ours.put(image.sha256, bodyOf(image.bytes))).toMatchObject({ ok: true, created: true });
		const other = jpegImage(903);
		await theirs.put(other.sha256, bodyOf(other.bytes));
		// Keys no upload makes: a note beside the blobs, a name that is not a hash, a hash in the wrong folder.
		const { PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
		const client = new S3Client({
			region: 'us-east-1',
			endpoint: env.S3_ENDPOINT,
			forcePathStyle: true,
			credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
		});
		const sha = images[0]!.sha256;
		for (const key of ['tinh-01/README.txt', 'tinh-01/ab/cd/not-a-hash', `tinh-01/00/00/${sha}`])
			await client.send(new PutObjectCommand({ Bucket: env.S3_BUCKET, Key: key, Body: 'x' }));
		client.destroy();

		const expected = images.map((i) => i.sha256).sort();
		expect(await hashesIn(paged)).toEqual(expected);
		expect(await hashesIn(ours)).toEqual(expected);
		expect(await hashesIn(theirs)).toEqual([other.sha256]);
		expect(await ours.stat(other.sha256)).toBeNull();
		for await (const blob of paged.list()) expect(blob.writtenAt.getTime()).toBeGreaterThan(Date.now() - 3600_000);
	});

	it('a write the bucket refuses leaves no object and no staged file, and is an error, not "not found"', async () => {
		const gone = storeWith({ S3_BUCKET: 'deleted-bucket' });
		const image = jpegImage(1500);
		await expect(gone.put(image.sha256, bodyOf(image.bytes))).rejects.toThrow();
		expect(await readdir(gone.stagingDir)).toEqual([]);
		await expect(gone.stat(image.sha256)).rejects.toThrow(/bucket/i);
		expect(await s3.store.stat(image.sha256)).toBeNull();
	});

	it('the same bytes sent three times at once are stored once; a large photo reads back whole', async () => {
		const image = jpegImage(3 * 1024 * 1024);
		const results = await Promise.all([1, 2, 3].map(() => s3.store.put(image.sha256, bodyOf(image.bytes))));
		expect(results.every((r) => r.ok)).toBe(true);
		expect((await hashesIn(s3.store)).filter((h) => h === image.sha256)).toHaveLength(1);
		expect(await s3.store.stat(image.sha256)).toEqual({ size: image.bytes.byteLength, mime: 'image/jpeg' });
		const opened = await s3.store.open(image.sha256);
		const read = new Uint8Array(await new Response(opened!.body).arrayBuffer());
		// Compared by hash and length: toEqual walks 3 million elements one by one.
		expect([read.byteLength, sha256Of(read)]).toEqual([image.bytes.byteLength, image.sha256]);
		expect(await readdir(s3.store.stagingDir)).toEqual([]);
	});
});
