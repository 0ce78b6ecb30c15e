/**
 * What the app needs from wherever photo and signature bytes are kept, whatever keeps them:
 * the local file system (file-blob-store.ts) or S3-compatible object storage (s3-blob-store.ts),
 * chosen by the environment (blob-config.ts, index.ts).
 *
 * Bytes are addressed by their SHA-256 and never change. Every store receives an upload on local
 * disk first and checks it there (staged-upload.ts): the hash, the size, the type by its bytes, a
 * full decode, the quotas. Only bytes that passed become visible under their hash, all at once:
 * no reader ever sees half a photo, and a retried upload of the same bytes changes nothing.
 */
import type { RequestErrorCode } from '$lib/domain/protocol';
import type { ImageMime } from './image-type';

/**
 * The store could not be reached, or failed on its side (a bucket's network, DNS, time-out or
 * 5xx): nothing was stored or read, and the same request later can succeed. Answered 503
 * `storage_unavailable` with Retry-After (server/http.ts); the device keeps its photo and retries.
 */
export class BlobStoreUnavailable extends Error {
	override name = 'BlobStoreUnavailable';
}

/** Largest accepted blob. Photos are compressed on the device well below this. */
export const MAX_BLOB_BYTES = 8 * 1024 * 1024;

export interface BlobInfo {
	size: number;
	mime: ImageMime;
}

/** What the sync engine needs to know about blobs: is it here, and what is it. */
export interface BlobLookup {
	stat(sha256: string): Promise<BlobInfo | null>;
}

/** Why bytes were not stored; `retryAfter` (seconds) only on a 429, when trying later can succeed. */
export interface BlobRefusal {
	ok: false;
	status: 400 | 413 | 415 | 422 | 429;
	code: RequestErrorCode;
	message: string;
	retryAfter?: number;
}

export type PutBlobResult = ({ ok: true; created: boolean } & BlobInfo) | BlobRefusal;

/**
 * The last word before new bytes are kept (quotas, quotas.ts): asked with the verified size and
 * type once the bytes hashed right and decoded, never for bytes the store already holds.
 */
export type AdmitBlob = (info: BlobInfo) => Promise<BlobRefusal | null>;

/** One stored blob as the clean-up and the storage report see it. */
export interface StoredBlob {
	sha256: string;
	size: number;
	/** When the bytes were written (the file's modification time, the object's Last-Modified). */
	writtenAt: Date;
}

export interface BlobStore extends BlobLookup {
	/** Largest body `put` accepts. */
	readonly maxBytes: number;
	/**
	 * The local directory uploads are received and checked in before they are kept; what an
	 * interrupted upload leaves there is the clean-up's to remove (cleanup.ts).
	 */
	readonly stagingDir: string;
	/** Where the bytes live, for logs and the operator ("file system at …", "S3 bucket …"). */
	describe(): string;
	/**
	 * Stores `body` under `sha256` if it really hashes to it, is a JPEG/PNG/WebP that decodes in
	 * full, is at most `maxBytes` and `admit` lets it in (staged-upload.ts). Bytes already held
	 * succeed with `created: false`.
	 */
	put(sha256: string, body: ReadableStream<Uint8Array> | null, declaredLength?: number | null, admit?: AdmitBlob): Promise<PutBlobResult>;
	/** The stored bytes as a web stream, or null when nothing is stored under that hash. */
	open(sha256: string): Promise<(BlobInfo & { body: ReadableStream<Uint8Array> }) | null>;
	/** Every stored blob (the clean-up and the storage report look at what is really stored). */
	list(): AsyncIterable<StoredBlob>;
	/** Deletes the bytes under `sha256`; true when there were any. */
	remove(sha256: string): Promise<boolean>;
}

/** `ab/cd/abcd…`: the layout of the blob folder, kept as object keys so a copy is one sync command. */
export function blobPath(sha256: string): string {
	return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
