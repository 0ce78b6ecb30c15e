/**
 * Content-addressed photo and signature storage on the local file system:
 * `<root>/ab/cd/<sha256>`, written through a temporary file and renamed into place, so a
 * reader never sees half a file and a crash leaves at most a stray temporary file.
 *
 * Offline clients upload a blob (PUT by hash) before pushing the mutation that references it;
 * a retried upload after a lost response is harmless because identical bytes land on the same
 * path and are stored once.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import type { RequestErrorCode } from '$lib/domain/protocol';
import { decodeImage } from './image-decode';
import { sniffImageType, SNIFF_BYTES, type ImageMime } from './image-type';

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

const tooLarge = {
	ok: false,
	status: 413,
	code: 'blob_too_large',
	message: `The file is too large (at most ${MAX_BLOB_BYTES / 1024 / 1024} MiB)`
} as const;
const notImage = {
	ok: false,
	status: 415,
	code: 'not_an_image',
	message: 'Only JPEG, PNG or WebP images are accepted'
} as const;

export class FileBlobStore implements BlobLookup {
	constructor(
		readonly root: string,
		readonly maxBytes: number = MAX_BLOB_BYTES
	) {}

	/** `<root>/ab/cd/abcd…`: two levels of 256 folders keep each directory small. */
	pathFor(sha256: string): string {
		return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
	}

	async stat(sha256: string): Promise<BlobInfo | null> {
		const path = this.pathFor(sha256);
		try {
			const file = await open(path, 'r');
			try {
				const { size } = await file.stat();
				const head = new Uint8Array(SNIFF_BYTES);
				const { bytesRead } = await file.read(head, 0, SNIFF_BYTES, 0);
				const mime = sniffImageType(head.subarray(0, bytesRead));
				return mime ? { size, mime } : null;
			} finally {
				await file.close();
			}
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
			throw error;
		}
	}

	/**
	 * Stores `body` under `sha256` if it really hashes to it, is a JPEG/PNG/WebP that decodes in
	 * full (image-decode.ts), is at most `maxBytes` and `admit` lets it in. A declared length over
	 * the limit is refused before a byte is read; a body with no length (chunked) is refused as
	 * soon as it passes the limit, and the rest is not read. Storing bytes that are already there
	 * succeeds with `created: false` (they were decoded when they were first stored).
	 *
	 * A refused body is left alone, not cancelled: behind adapter-node, cancelling it destroys the
	 * connection, and the device would see a reset instead of the 413 or 415 it must act on.
	 */
	async put(
		sha256: string,
		body: ReadableStream<Uint8Array> | null,
		declaredLength?: number | null,
		admit?: AdmitBlob
	): Promise<PutBlobResult> {
		if (declaredLength != null && declaredLength > this.maxBytes) return tooLarge;
		if (!body) return { ok: false, status: 400, code: 'empty_body', message: 'The request has no body' };

		const tmpDir = join(this.root, 'tmp');
		await mkdir(tmpDir, { recursive: true });
		const tmpPath = join(tmpDir, `${sha256}.${randomUUID()}.part`);
		const file = await open(tmpPath, 'wx');
		let fileOpen = true;
		let kept = false;
		const reader = body.getReader();
		try {
			const hash = createHash('sha256');
			let size = 0;
			let head: Uint8Array = new Uint8Array(0);
			let mime: ImageMime | null = null;
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				size += value.byteLength;
				if (size > this.maxBytes) return tooLarge;
				if (!mime && head.length < SNIFF_BYTES) {
					head = concat(head, value.subarray(0, SNIFF_BYTES - head.length));
					if (head.length >= SNIFF_BYTES) {
						mime = sniffImageType(head);
						if (!mime) return notImage;
					}
				}
				hash.update(value);
				await file.write(value);
			}
			mime ??= sniffImageType(head);
			if (size === 0) return { ok: false, status: 400, code: 'empty_body', message: 'The request has no body' };
			if (!mime) return notImage;
			const actual = hash.digest('hex');
			if (actual !== sha256) {
				return {
					ok: false,
					status: 422,
					code: 'hash_mismatch',
					message: 'The SHA-256 of the bytes does not match the address; they may have been damaged in transit, upload them again'
				};
			}
			// The device drops its copy's "pending upload" state once we answer, so the bytes must
			// be on disk before we do.
			await file.sync();
			await file.close();
			fileOpen = false;

			const finalPath = this.pathFor(sha256);
			if (await exists(finalPath)) return { ok: true, created: false, size, mime };
			// Decoded from the temporary file, before it can become a stored "photo".
			const decoded = await decodeImage(tmpPath, mime);
			if (!decoded.ok) return decoded;
			const refused = await admit?.({ size, mime });
			if (refused) return refused;
			await mkdir(dirname(finalPath), { recursive: true });
			await rename(tmpPath, finalPath);
			kept = true;
			await syncDirectory(dirname(finalPath));
			return { ok: true, created: true, size, mime };
		} finally {
			reader.releaseLock();
			if (fileOpen) await file.close().catch(() => {});
			if (!kept) await rm(tmpPath, { force: true });
		}
	}

	/**
	 * Every stored blob with its size and when its file was written, folder by folder (the clean-up
	 * and the storage report walk the disk, the only record of what is really stored).
	 */
	async *list(): AsyncGenerator<StoredBlobFile> {
		for (const outer of await subfolders(this.root)) {
			for (const inner of await subfolders(join(this.root, outer))) {
				const dir = join(this.root, outer, inner);
				for (const name of await readdir(dir)) {
					if (!/^[0-9a-f]{64}$/.test(name)) continue;
					const info = await stat(join(dir, name)).catch(() => null);
					if (info?.isFile()) yield { sha256: name, size: info.size, writtenAt: info.mtime };
				}
			}
		}
	}

	/** Deletes the bytes under `sha256`; true when there were any. */
	async remove(sha256: string): Promise<boolean> {
		const path = this.pathFor(sha256);
		if (!(await exists(path))) return false;
		await rm(path, { force: true });
		return true;
	}

	/** The stored bytes as a web stream, or null when nothing is stored under that hash. */
	async open(sha256: string): Promise<(BlobInfo & { body: ReadableStream<Uint8Array> }) | null> {
		const info = await this.stat(sha256);
		if (!info) return null;
		const body = Readable.toWeb(createReadStream(this.pathFor(sha256))) as unknown as ReadableStream<Uint8Array>;
		return { ...info, body };
	}
}

export interface StoredBlobFile {
	sha256: string;
	size: number;
	writtenAt: Date;
}

/** The two-hex-digit folders under `dir` (`ab`, then `cd`); none when `dir` does not exist yet. */
async function subfolders(dir: string): Promise<string[]> {
	try {
		return (await readdir(dir, { withFileTypes: true }))
			.filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name))
			.map((e) => e.name)
			.sort();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	const out = new Uint8Array(a.length + b.length);
	out.set(a, 0);
	out.set(b, a.length);
	return out;
}

async function exists(path: string): Promise<boolean> {
	try {
		await stat(path);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
		throw error;
	}
}

/** Makes the rename itself durable (the new directory entry), not only the file's bytes. */
async function syncDirectory(path: string): Promise<void> {
	const dir = await open(path, 'r');
	try {
		await dir.sync();
	} catch {
		// Some file systems refuse fsync on directories; the file's own fsync already happened.
	} finally {
		await dir.close();
	}
}
