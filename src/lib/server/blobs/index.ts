/** Blob storage for the running server, under `${DATA_DIR ?? './data'}/blobs`. */
import { join } from 'node:path';
import { defaultDataDir } from '../db/data-dir';
import { FileBlobStore } from './blob-store';

export {
	FileBlobStore,
	MAX_BLOB_BYTES,
	type AdmitBlob,
	type BlobInfo,
	type BlobLookup,
	type BlobRefusal,
	type PutBlobResult
} from './blob-store';
export { decodeImage, MAX_IMAGE_PIXELS } from './image-decode';
export { blobQuotas, checkBlobQuota, defaultQuotas, type BlobQuotas } from './quotas';
export { sniffImageType, type ImageMime } from './image-type';

/** The store the routes use; cheap to make, so it follows DATA_DIR as it is now. */
export function blobStore(dataDir: string = defaultDataDir()): FileBlobStore {
	return new FileBlobStore(join(dataDir, 'blobs'));
}
export { countedRecord, maySeeBlob, recordUpload, uploadedBy } from './access';
export { DEFAULT_GRACE_DAYS, planBlobCleanup, runBlobCleanup, type CleanupPlan, type CleanupResult } from './cleanup';
export { isReferenced, referencedHashes } from './references';
export { storageReport } from './storage-report';
