/**
 * The checks every store makes before it keeps an upload. The body is received into a temporary
 * file in the store's staging directory on local disk, counting, hashing and sniffing as it
 * arrives; then the hash must match the address, the whole image must decode (image-decode.ts)
 * and the quotas must let it in (`admit`). Only then does the store make the bytes visible under
 * their hash (`keep`), in one step: a rename on the file system, one PutObject on S3. Whatever
 * is refused, or fails half-way, leaves nothing behind but, after a crash, a stray temporary file
 * that the clean-up removes after a day.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_BLOB_BYTES, type AdmitBlob, type BlobRefusal, type PutBlobResult } from './blob-store';
import { decodeImage } from './image-decode';
import { sniffImageType, SNIFF_BYTES, type ImageMime } from './image-type';

/** An upload that passed every check, still in its temporary file. */
export interface StagedBlob {
	path: string;
	size: number;
	mime: ImageMime;
	/** Base64 MD5 of the bytes, for stores that let the far side verify the transfer (Content-MD5). */
	md5: string;
}

/** The store-specific half of an upload. */
export interface BlobKeeper {
	readonly maxBytes: number;
	readonly stagingDir: string;
	/** Whether the staged file must reach the disk before the upload is answered (the file store keeps that very file). */
	readonly syncStaged: boolean;
	/** Whether the store already holds these bytes (then nothing is decoded or kept again). */
	has(sha256: string): Promise<boolean>;
	/** Makes the checked bytes visible under `sha256`, all at once. */
	keep(sha256: string, staged: StagedBlob): Promise<void>;
}

const tooLarge: BlobRefusal = {
	ok: false,
	status: 413,
	code: 'blob_too_large',
	message: `The file is too large (at most ${MAX_BLOB_BYTES / 1024 / 1024} MiB)`
};
const notImage: BlobRefusal = { ok: false, status: 415, code: 'not_an_image', message: 'Only JPEG, PNG or WebP images are accepted' };
const emptyBody: BlobRefusal = { ok: false, status: 400, code: 'empty_body', message: 'The request has no body' };
const hashMismatch: BlobRefusal = {
	ok: false,
	status: 422,
	code: 'hash_mismatch',
	message: 'The SHA-256 of the bytes does not match the address; they may have been damaged in transit, upload them again'
};

/**
 * Stores `body` under `sha256` through `keeper` (the contract is BlobStore.put's). A declared
 * length over the limit is refused before a byte is read; a body with no length (chunked) is
 * refused as soon as it passes the limit, and the rest is not read.
 *
 * A refused body is left alone, not cancelled: behind adapter-node, cancelling it destroys the
 * connection, and the device would see a reset instead of the 413 or 415 it must act on.
 */
export async function putThroughStaging(
	keeper: BlobKeeper,
	sha256: string,
	body: ReadableStream<Uint8Array> | null,
	declaredLength?: number | null,
	admit?: AdmitBlob
): Promise<PutBlobResult> {
	if (declaredLength != null && declaredLength > keeper.maxBytes) return tooLarge;
	if (!body) return emptyBody;

	await mkdir(keeper.stagingDir, { recursive: true });
	const tmpPath = join(keeper.stagingDir, `${sha256}.${randomUUID()}.part`);
	const file = await open(tmpPath, 'wx');
	let fileOpen = true;
	const reader = body.getReader();
	try {
		const hash = createHash('sha256');
		const md5 = createHash('md5');
		let size = 0;
		let head: Uint8Array = new Uint8Array(0);
		let mime: ImageMime | null = null;
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > keeper.maxBytes) return tooLarge;
			if (!mime && head.length < SNIFF_BYTES) {
				head = concat(head, value.subarray(0, SNIFF_BYTES - head.length));
				if (head.length >= SNIFF_BYTES) {
					mime = sniffImageType(head);
					if (!mime) return notImage;
				}
			}
			hash.update(value);
			md5.update(value);
			await file.write(value);
		}
		mime ??= sniffImageType(head);
		if (size === 0) return emptyBody;
		if (!mime) return notImage;
		if (hash.digest('hex') !== sha256) return hashMismatch;
		// The device drops its copy's "pending upload" state once we answer, so a file that is
		// kept as it is must be on disk before we do.
		if (keeper.syncStaged) await file.sync();
		await file.close();
		fileOpen = false;

		if (await keeper.has(sha256)) return { ok: true, created: false, size, mime };
		// Decoded from the temporary file, before it can become a stored "photo".
		const decoded = await decodeImage(tmpPath, mime);
		if (!decoded.ok) return decoded;
		const refused = await admit?.({ size, mime });
		if (refused) return refused;
		await keeper.keep(sha256, { path: tmpPath, size, mime, md5: md5.digest('base64') });
		return { ok: true, created: true, size, mime };
	} finally {
		reader.releaseLock();
		if (fileOpen) await file.close().catch(() => {});
		// Gone already when the file store renamed it into place.
		await rm(tmpPath, { force: true });
	}
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	const out = new Uint8Array(a.length + b.length);
	out.set(a, 0);
	out.set(b, a.length);
	return out;
}
