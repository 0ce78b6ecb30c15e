/**
 * The blob stores the blob tests run on: the file system, and S3 on the local s3rver the
 * integration setup starts (setup/s3.ts). Both are made by the server's own `blobStore()` from an
 * environment, so the selection by environment is what the tests go through too.
 */
import { randomUUID } from 'node:crypto';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';
import { blobPath, blobStore, FileBlobStore, S3BlobStore, type BlobStore } from '$lib/server/blobs';
import '../setup/s3';

export type BlobBackend = 'file' | 's3';

export const blobBackends: { blobs: BlobBackend; skipReason: string | null }[] = [
	{ blobs: 'file', skipReason: null },
	{ blobs: 's3', skipReason: inject('s3SkipReason') }
];

/** Each database kind (test-databases.ts) once with each blob store: what blob behaviour is tested on. */
export function withBlobStores<K extends { skipReason: string | null }>(kinds: K[]): (K & { blobs: BlobBackend })[] {
	return kinds.flatMap((kind) => blobBackends.map((b) => ({ ...kind, blobs: b.blobs, skipReason: kind.skipReason ?? b.skipReason })));
}

export interface TestBlobStore {
	store: BlobStore;
	/** The variables that make the server's `blobStore()` pick this very store (unset ones as undefined). */
	env: Record<string, string | undefined>;
	/** The same store with a smaller size limit. */
	limitedTo(maxBytes: number): BlobStore;
	/** Makes the bytes under `sha256` look written at `when` (their age for the clean-up). */
	age(sha256: string, when: Date): Promise<void>;
	close(): Promise<void>;
}

const S3_VARIABLES = ['S3_BUCKET', 'S3_ENDPOINT', 'S3_REGION', 'S3_FORCE_PATH_STYLE', 'S3_PREFIX'];
const AWS_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_PROFILE'];

/** A store of `backend` for a test's data directory; on S3, in a new bucket of its own. */
export async function createTestBlobStore(backend: BlobBackend, dataDir: string): Promise<TestBlobStore> {
	const unset = Object.fromEntries(['BLOB_STORE', ...S3_VARIABLES, ...AWS_VARIABLES].map((name) => [name, undefined]));
	if (backend === 'file') {
		const store = blobStore(dataDir, unset) as FileBlobStore;
		return {
			store,
			env: unset,
			limitedTo: (maxBytes) => new FileBlobStore(store.root, maxBytes),
			age: (sha256, when) => utimes(store.pathFor(sha256), when, when),
			close: async () => {}
		};
	}

	const endpoint = inject('s3Endpoint');
	const directory = inject('s3Directory');
	if (!endpoint || !directory) throw new Error('the S3 test server is not running (TEST_S3=skip?)');
	const bucket = `kiem-tra-${randomUUID().slice(0, 8)}`;
	const env = {
		...unset,
		BLOB_STORE: 's3',
		S3_BUCKET: bucket,
		S3_ENDPOINT: endpoint,
		S3_REGION: 'us-east-1',
		S3_FORCE_PATH_STYLE: 'true',
		// s3rver's own account (another key is refused, as on S3).
		AWS_ACCESS_KEY_ID: 'S3RVER',
		AWS_SECRET_ACCESS_KEY: 'S3RVER'
	};
	// Loaded here only: the many test files on the file system alone never load the SDK.
	const { CreateBucketCommand, S3Client } = await import('@aws-sdk/client-s3');
	const admin = new S3Client({
		region: 'us-east-1',
		endpoint,
		forcePathStyle: true,
		credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
	});
	await admin.send(new CreateBucketCommand({ Bucket: bucket }));
	admin.destroy();
	const store = blobStore(dataDir, env) as S3BlobStore;
	const made: S3BlobStore[] = [store];
	return {
		store,
		env,
		limitedTo(maxBytes) {
			const limited = new S3BlobStore(store.settings, { stagingDir: store.stagingDir, maxBytes });
			made.push(limited);
			return limited;
		},
		// s3rver keeps each object in a file `<key>._S3rver_object` and reports its mtime as Last-Modified.
		age: (sha256, when) => {
			const parts = blobPath(sha256).split('/');
			const file = join(directory, bucket, ...parts.slice(0, -1), `${parts.at(-1)}._S3rver_object`);
			return utimes(file, when, when);
		},
		close: async () => {
			for (const s of made) await s.close();
		}
	};
}
