/**
 * Content-addressed photo and signature storage on the local file system:
 * `<root>/ab/cd/<sha256>`, received into `<root>/tmp` (staged-upload.ts) and renamed into place,
 * so a reader never sees half a file and a crash leaves at most a stray temporary file.
 *
 * Offline clients upload a blob (PUT by hash) before pushing the mutation that references it;
 * a retried upload after a lost response is harmless because identical bytes land on the same
 * path and are stored once.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import {
	blobPath,
	MAX_BLOB_BYTES,
	SHA256_HEX,
	type AdmitBlob,
	type BlobInfo,
	type BlobStore,
	type PutBlobResult,
	type StoredBlob
} from './blob-store';
import { sniffImageType, SNIFF_BYTES } from './image-type';
import { putThroughStaging, type BlobKeeper, type StagedBlob } from './staged-upload';

export class FileBlobStore implements BlobStore {
	readonly stagingDir: string;
	readonly #keeper: BlobKeeper;

	constructor(
		readonly root: string,
		readonly maxBytes: number = MAX_BLOB_BYTES
	) {
		this.stagingDir = join(root, 'tmp');
		this.#keeper = {
			maxBytes,
			stagingDir: this.stagingDir,
			syncStaged: true,
			has: (sha256) => exists(this.pathFor(sha256)),
			keep: (sha256, staged) => this.#keep(sha256, staged)
		};
	}

	describe(): string {
		return `file system at ${this.root}`;
	}

	/** `<root>/ab/cd/abcd…`: two levels of 256 folders keep each directory small. */
	pathFor(sha256: string): string {
		return join(this.root, ...blobPath(sha256).split('/'));
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

	put(sha256: string, body: ReadableStream<Uint8Array> | null, declaredLength?: number | null, admit?: AdmitBlob): Promise<PutBlobResult> {
		return putThroughStaging(this.#keeper, sha256, body, declaredLength, admit);
	}

	async #keep(sha256: string, staged: StagedBlob): Promise<void> {
		const finalPath = this.pathFor(sha256);
		await mkdir(dirname(finalPath), { recursive: true });
		await rename(staged.path, finalPath);
		await syncDirectory(dirname(finalPath));
	}

	/**
	 * Every stored blob with its size and when its file was written, folder by folder (the clean-up
	 * and the storage report walk the disk, the only record of what is really stored).
	 */
	async *list(): AsyncGenerator<StoredBlob> {
		for (const outer of await subfolders(this.root)) {
			for (const inner of await subfolders(join(this.root, outer))) {
				const dir = join(this.root, outer, inner);
				for (const name of await readdir(dir)) {
					if (!SHA256_HEX.test(name)) continue;
					const info = await stat(join(dir, name)).catch(() => null);
					if (info?.isFile()) yield { sha256: name, size: info.size, writtenAt: info.mtime };
				}
			}
		}
	}

	async remove(sha256: string): Promise<boolean> {
		const path = this.pathFor(sha256);
		if (!(await exists(path))) return false;
		await rm(path, { force: true });
		return true;
	}

	async open(sha256: string): Promise<(BlobInfo & { body: ReadableStream<Uint8Array> }) | null> {
		const info = await this.stat(sha256);
		if (!info) return null;
		const body = Readable.toWeb(createReadStream(this.pathFor(sha256))) as unknown as ReadableStream<Uint8Array>;
		return { ...info, body };
	}
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
