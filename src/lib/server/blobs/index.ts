/** Blob storage for the running server, under `${DATA_DIR ?? './data'}/blobs`. */
import { join } from 'node:path';
import { defaultDataDir } from '../db/data-dir';
import { FileBlobStore } from './blob-store';

export { FileBlobStore, MAX_BLOB_BYTES, type BlobInfo, type BlobLookup, type PutBlobResult } from './blob-store';
export { sniffImageType, type ImageMime } from './image-type';

/** The store the routes use; cheap to make, so it follows DATA_DIR as it is now. */
export function blobStore(dataDir: string = defaultDataDir()): FileBlobStore {
	return new FileBlobStore(join(dataDir, 'blobs'));
}
export { maySeeBlob, recordUpload } from './access';
