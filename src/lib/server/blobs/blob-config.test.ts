import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobSettings, BlobStoreConfigError } from './blob-config';

const s3 = { BLOB_STORE: 's3', S3_BUCKET: 'photos', S3_REGION: 'ap-southeast-1' };

/** The S3 settings `env` gives (fails the test when it gives the file system). */
function s3Settings(env: Record<string, string>) {
	const settings = blobSettings(env);
	if (settings.kind !== 's3') throw new Error(`expected S3, got ${settings.kind}`);
	return settings;
}

describe('where photos live, by environment', () => {
	it('is the file system unless BLOB_STORE=s3', () => {
		expect(blobSettings({})).toEqual({ kind: 'file' });
		expect(blobSettings({ BLOB_STORE: '' })).toEqual({ kind: 'file' });
		expect(blobSettings({ BLOB_STORE: 'FILE', S3_BUCKET: 'ignored' })).toEqual({ kind: 'file' });
	});

	it('reads the bucket, region, endpoint, path style, prefix and credentials for S3', () => {
		expect(blobSettings(s3)).toEqual({
			kind: 's3',
			bucket: 'photos',
			region: 'ap-southeast-1',
			endpoint: null,
			forcePathStyle: false,
			prefix: '',
			credentials: null
		});
		expect(
			blobSettings({
				BLOB_STORE: 'S3',
				S3_BUCKET: 'kiem-tra',
				AWS_REGION: 'us-east-1',
				S3_ENDPOINT: 'https://minio.tinh.gov.vn:9000',
				S3_PREFIX: 'ha-noi/blobs',
				AWS_ACCESS_KEY_ID: 'AK',
				AWS_SECRET_ACCESS_KEY: 'SK'
			})
		).toEqual({
			kind: 's3',
			bucket: 'kiem-tra',
			region: 'us-east-1',
			endpoint: 'https://minio.tinh.gov.vn:9000',
			// An endpoint means an S3-compatible server: path-style unless told otherwise.
			forcePathStyle: true,
			prefix: 'ha-noi/blobs/',
			credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' }
		});
		expect(s3Settings({ ...s3, S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'false' }).forcePathStyle).toBe(false);
		expect(s3Settings({ ...s3, S3_FORCE_PATH_STYLE: '1' }).forcePathStyle).toBe(true);
		expect(s3Settings({ ...s3, AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'SK', AWS_SESSION_TOKEN: 'T' }).credentials).toEqual({
			accessKeyId: 'AK',
			secretAccessKey: 'SK',
			sessionToken: 'T'
		});
	});

	it.each([
		[{ BLOB_STORE: 'gcs' }, /BLOB_STORE=gcs is not known/],
		[{ BLOB_STORE: 's3', S3_REGION: 'x' }, /needs S3_BUCKET/],
		[{ BLOB_STORE: 's3', S3_BUCKET: 'photos' }, /needs S3_REGION/],
		[{ ...s3, S3_ENDPOINT: 'minio:9000' }, /S3_ENDPOINT=minio:9000 is not an http/],
		[{ ...s3, S3_FORCE_PATH_STYLE: 'maybe' }, /S3_FORCE_PATH_STYLE=maybe is neither true nor false/],
		[{ ...s3, S3_PREFIX: '/abs' }, /S3_PREFIX=\/abs must be a relative folder/],
		[{ ...s3, S3_PREFIX: 'a/../b' }, /S3_PREFIX/],
		[{ ...s3, AWS_ACCESS_KEY_ID: 'AK' }, /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together/]
	])('refuses %o, naming the variable', (env, message) => {
		expect(() => blobSettings(env)).toThrow(BlobStoreConfigError);
		expect(() => blobSettings(env)).toThrow(message);
	});

	it('never imports the AWS SDK statically: a server on the file system does not load it', async () => {
		const dir = join(import.meta.dirname, '..');
		const offenders: string[] = [];
		for (const entry of await readdir(dir, { recursive: true })) {
			if (!entry.endsWith('.ts') || entry.endsWith('.test.ts')) continue;
			const source = await readFile(join(dir, entry), 'utf8');
			// `import { … } from '@aws-sdk/…'` over any number of lines, `import '@aws-sdk/…'`, re-exports; not `import type`.
			for (const match of source.matchAll(/^\s*(?:import\s+(?!type\b)[^;]*?|export\s+[^;]*?from\s*)['"]@aws-sdk\/[^'"]+['"]/gm))
				offenders.push(`${entry}: ${match[0].trim()}`);
		}
		expect(offenders).toEqual([]);
		const store = await readFile(join(dir, 'blobs', 's3-blob-store.ts'), 'utf8');
		expect(store).toContain("import('@aws-sdk/client-s3')");
	});
});
