/**
 * Blob storage for the running server: `${DATA_DIR ?? './data'}/blobs` on the file system, or an
 * S3-compatible bucket when BLOB_STORE=s3 (blob-config.ts). Uploads are received and checked in
 * `DATA_DIR/blobs/tmp` whichever store keeps them.
 */
import { join } from 'node:path';
import { defaultDataDir } from '../db/data-dir';
import { blobSettings, type S3Settings } from './blob-config';
import type { BlobStore } from './blob-store';
import { FileBlobStore } from './file-blob-store';
import { S3BlobStore, S3UnreachableError } from './s3-blob-store';

export {
	blobPath,
	BlobStoreUnavailable,
	MAX_BLOB_BYTES,
	type AdmitBlob,
	type BlobInfo,
	type BlobLookup,
	type BlobRefusal,
	type BlobStore,
	type PutBlobResult,
	type StoredBlob
} from './blob-store';
export { blobSettings, BlobStoreConfigError, type BlobSettings, type S3Settings } from './blob-config';
export { FileBlobStore } from './file-blob-store';
export { S3BlobStore } from './s3-blob-store';
export { decodeImage, MAX_IMAGE_PIXELS } from './image-decode';
export { blobQuotas, checkBlobQuota, defaultQuotas, type BlobQuotas } from './quotas';
export { sniffImageType, type ImageMime } from './image-type';

/** One S3 store per settings: its client keeps connections open across requests. */
const s3Stores = new Map<string, S3BlobStore>();

function s3Store(settings: S3Settings, stagingDir: string): S3BlobStore {
	const key = JSON.stringify([settings, stagingDir]);
	let store = s3Stores.get(key);
	if (!store) {
		store = new S3BlobStore(settings, { stagingDir });
		s3Stores.set(key, store);
	}
	return store;
}

/**
 * The store the routes use, as the environment says now (cheap: the file store is made anew and
 * follows DATA_DIR, an S3 store is kept per settings). Throws BlobStoreConfigError when the
 * environment names a store that cannot be used.
 */
export function blobStore(dataDir: string = defaultDataDir(), env: Record<string, string | undefined> = process.env): BlobStore {
	const settings = blobSettings(env);
	const root = join(dataDir, 'blobs');
	return settings.kind === 's3' ? s3Store(settings, join(root, 'tmp')) : new FileBlobStore(root);
}

/**
 * At start-up (hooks.server.ts): the settings are read, and a bucket is asked whether it exists
 * and takes these credentials. A wrong setting or a refusal stops the start with the reason; a
 * bucket that does not answer yet is logged, and the server starts (uploads fail until it answers,
 * and devices keep their photos and retry).
 */
export async function checkBlobStore(dataDir?: string, env?: Record<string, string | undefined>): Promise<string> {
	const store = blobStore(dataDir, env);
	if (store instanceof S3BlobStore) {
		try {
			await store.check();
		} catch (error) {
			if (!(error instanceof S3UnreachableError)) throw error;
			console.error(`[blobs] ${error.message}; starting anyway, photo uploads fail until it answers`);
		}
	}
	return store.describe();
}
export { countedRecord, maySeeBlob, recordUpload, uploadedBy } from './access';
export { DEFAULT_GRACE_DAYS, planBlobCleanup, runBlobCleanup, type CleanupPlan, type CleanupResult } from './cleanup';
export { isReferenced, referencedHashes } from './references';
export { storageReport } from './storage-report';
