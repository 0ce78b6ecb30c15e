/**
 * Photo and signature bytes in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage, R2…), for
 * deployments with more than one app instance or without a shared disk. Keys keep the folder
 * layout of the file store (`<prefix>ab/cd/<sha256>`), so moving `DATA_DIR/blobs` into a bucket
 * is one `aws s3 sync` (docs/operations.md).
 *
 * Writes stay as safe as on disk. The upload is received and checked on local disk first
 * (staged-upload.ts: hash, size, type, full decode, quotas); only bytes that passed are sent, in
 * one PutObject to their final key, with Content-MD5 so the bucket refuses bytes damaged on the
 * way. A PutObject is visible all at once or not at all, so no reader sees half a photo; the same
 * bytes uploaded twice, even at the same moment, write the same object.
 *
 * The SDK is loaded on first use: a deployment on the file system never loads it.
 */
import { createReadStream } from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';
import {
	blobPath,
	BlobStoreUnavailable,
	MAX_BLOB_BYTES,
	SHA256_HEX,
	type AdmitBlob,
	type BlobInfo,
	type BlobStore,
	type PutBlobResult,
	type StoredBlob
} from './blob-store';
import type { S3Settings } from './blob-config';
import { sniffImageType, SNIFF_BYTES } from './image-type';
import { putThroughStaging, type BlobKeeper, type StagedBlob } from './staged-upload';

type Sdk = typeof import('@aws-sdk/client-s3');
let sdkLoading: Promise<Sdk> | null = null;
const loadSdk = () => (sdkLoading ??= import('@aws-sdk/client-s3'));

export interface S3BlobStoreOptions {
	stagingDir: string;
	maxBytes?: number;
	/** Keys per ListObjectsV2 page (S3 gives at most 1000); smaller in tests, to cross pages. */
	listPageSize?: number;
}

type Opened = BlobInfo & { body: ReadableStream<Uint8Array> };

export class S3BlobStore implements BlobStore {
	readonly stagingDir: string;
	readonly maxBytes: number;
	readonly #listPageSize: number;
	readonly #keeper: BlobKeeper;
	#connection: Promise<{ sdk: Sdk; client: S3Client }> | null = null;

	constructor(
		readonly settings: S3Settings,
		options: S3BlobStoreOptions
	) {
		this.stagingDir = options.stagingDir;
		this.maxBytes = options.maxBytes ?? MAX_BLOB_BYTES;
		this.#listPageSize = options.listPageSize ?? 1000;
		this.#keeper = {
			maxBytes: this.maxBytes,
			stagingDir: this.stagingDir,
			// The staged file is only a copy on its way; the bucket's answer is what makes it durable.
			syncStaged: false,
			has: async (sha256) => (await this.#head(sha256)) !== null,
			keep: (sha256, staged) => this.#keep(sha256, staged)
		};
	}

	describe(): string {
		const { bucket, prefix, endpoint, region } = this.settings;
		return `S3 bucket ${bucket}${prefix ? `/${prefix}` : ''} at ${endpoint ?? `AWS ${region}`}`;
	}

	keyFor(sha256: string): string {
		return this.settings.prefix + blobPath(sha256);
	}

	/** One client per store: it keeps its connections open between requests. */
	#connect(): Promise<{ sdk: Sdk; client: S3Client }> {
		this.#connection ??= loadSdk().then((sdk) => {
			const { region, endpoint, forcePathStyle, credentials } = this.settings;
			const client = new sdk.S3Client({
				region,
				forcePathStyle,
				...(endpoint ? { endpoint } : {}),
				...(credentials ? { credentials } : {}),
				// Checksums only where S3 requires them: the newer default (CRC32 on every upload,
				// streamed in aws-chunked encoding) is refused or mis-stored by many S3-compatible
				// servers. Integrity is Content-MD5 on each PutObject instead, understood by all.
				requestChecksumCalculation: 'WHEN_REQUIRED',
				responseChecksumValidation: 'WHEN_REQUIRED',
				// A bucket that stops answering must fail the request, not hold it (and the device) for ever.
				requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000, throwOnRequestTimeout: true }
			});
			return { sdk, client };
		});
		return this.#connection;
	}

	/** The object's size, or null when there is none. */
	async #head(sha256: string): Promise<{ size: number } | null> {
		const { sdk, client } = await this.#connect();
		try {
			const head = await client.send(new sdk.HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.keyFor(sha256) }));
			return { size: head.ContentLength ?? 0 };
		} catch (error) {
			if (isNotFound(error)) return null;
			throw this.#failure(error);
		}
	}

	/** The object's first bytes tell what it is, as on disk: one ranged GET gives them and the size. */
	async stat(sha256: string): Promise<BlobInfo | null> {
		const opened = await this.#get(sha256, `bytes=0-${SNIFF_BYTES - 1}`);
		if (!opened) return null;
		await opened.body.cancel();
		return { size: opened.size, mime: opened.mime };
	}

	open(sha256: string): Promise<Opened | null> {
		return this.#get(sha256);
	}

	async #get(sha256: string, range?: string): Promise<Opened | null> {
		const { sdk, client } = await this.#connect();
		let answer;
		try {
			answer = await client.send(
				new sdk.GetObjectCommand({ Bucket: this.settings.bucket, Key: this.keyFor(sha256), ...(range ? { Range: range } : {}) })
			);
		} catch (error) {
			// 416: an empty object, which no upload can have made.
			if (isNotFound(error) || statusOf(error) === 416) return null;
			throw this.#failure(error);
		}
		const size = totalSize(answer.ContentRange) ?? answer.ContentLength ?? 0;
		const stream = answer.Body?.transformToWebStream() as ReadableStream<Uint8Array> | undefined;
		if (!stream) return null;
		const { head, body } = await peek(stream, SNIFF_BYTES);
		const mime = sniffImageType(head);
		if (!mime) {
			await body.cancel();
			return null;
		}
		return { size, mime, body };
	}

	put(sha256: string, body: ReadableStream<Uint8Array> | null, declaredLength?: number | null, admit?: AdmitBlob): Promise<PutBlobResult> {
		return putThroughStaging(this.#keeper, sha256, body, declaredLength, admit);
	}

	async #keep(sha256: string, staged: StagedBlob): Promise<void> {
		const { sdk, client } = await this.#connect();
		await client
			.send(
				new sdk.PutObjectCommand({
					Bucket: this.settings.bucket,
					Key: this.keyFor(sha256),
					Body: createReadStream(staged.path),
					ContentLength: staged.size,
					ContentType: staged.mime,
					ContentMD5: staged.md5
				})
			)
			.catch((error: unknown) => {
				throw this.#failure(error);
			});
	}

	/** Every object under the prefix that is named like a stored blob, page by page. */
	async *list(): AsyncGenerator<StoredBlob> {
		const { sdk, client } = await this.#connect();
		const { bucket, prefix } = this.settings;
		let token: string | undefined;
		do {
			const page = await client
				.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: this.#listPageSize, ContinuationToken: token }))
				.catch((error: unknown) => {
					throw this.#failure(error);
				});
			for (const object of page.Contents ?? []) {
				const sha256 = object.Key?.slice(prefix.length).split('/').at(-1) ?? '';
				if (!SHA256_HEX.test(sha256) || object.Key !== this.keyFor(sha256)) continue;
				yield { sha256, size: object.Size ?? 0, writtenAt: object.LastModified ?? new Date(0) };
			}
			token = page.IsTruncated ? page.NextContinuationToken : undefined;
		} while (token);
	}

	async remove(sha256: string): Promise<boolean> {
		if (!(await this.#head(sha256))) return false;
		const { sdk, client } = await this.#connect();
		await client.send(new sdk.DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.keyFor(sha256) })).catch((error: unknown) => {
			throw this.#failure(error);
		});
		return true;
	}

	/**
	 * Start-up check: the bucket exists and these credentials may use it. Throws with the reason;
	 * `unreachable` tells a network failure (which may pass) from a refusal (which will not).
	 */
	async check(): Promise<void> {
		const { sdk, client } = await this.#connect();
		try {
			await client.send(new sdk.HeadBucketCommand({ Bucket: this.settings.bucket }));
		} catch (error) {
			if (isNetworkFailure(error))
				throw new S3UnreachableError(`${this.describe()} cannot be reached: ${messageOf(error)}`, { cause: error });
			const status = statusOf(error);
			const why =
				status === 404
					? 'does not exist'
					: status === 403
						? 'refuses these credentials'
						: status === undefined
							? 'cannot be used'
							: `answers ${status}`;
			throw new Error(`${this.describe()} ${why} (${messageOf(error)})`, { cause: error });
		}
	}

	/**
	 * What a failed request is: the bucket out of reach or failing on its side (may pass: 503 to
	 * the device) or anything else (a refusal, a bug: thrown as it is).
	 */
	#failure(error: unknown): unknown {
		const status = statusOf(error);
		if (!isNetworkFailure(error) && !(status !== undefined && status >= 500)) return error;
		return new BlobStoreUnavailable(`${this.describe()} cannot serve now: ${messageOf(error)}`, { cause: error });
	}

	/** Closes the client's connections (tests, the admin CLI). */
	async close(): Promise<void> {
		if (!this.#connection) return;
		(await this.#connection).client.destroy();
		this.#connection = null;
	}
}

/** The bucket did not answer at all (network, DNS, timeout): the server starts anyway and says so. */
export class S3UnreachableError extends Error {
	override name = 'S3UnreachableError';
}

const statusOf = (error: unknown): number | undefined => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
/** The request never got an answer: the bucket may come back (a missing credential is not this). */
const NETWORK_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EPIPE'
]);
const isNetworkFailure = (error: unknown) =>
	NETWORK_CODES.has((error as { code?: string }).code ?? '') || ['TimeoutError', 'RequestTimeout'].includes((error as Error).name);

/** No object under the key; a missing bucket is a 404 too, but an error (the start-up check names it). */
const isNotFound = (error: unknown) => statusOf(error) === 404 && (error as Error).name !== 'NoSuchBucket';
const messageOf = (error: unknown) =>
	error instanceof Error ? (error.message && error.message !== 'UnknownError' ? error.message : error.name) : String(error);

/** `bytes 0-11/12345` → 12345. */
function totalSize(contentRange: string | undefined): number | null {
	const total = contentRange?.match(/\/(\d+)$/)?.[1];
	return total === undefined ? null : Number(total);
}

/** Reads the first `n` bytes of `stream` and gives back a stream of all of it, those bytes included. */
async function peek(stream: ReadableStream<Uint8Array>, n: number): Promise<{ head: Uint8Array; body: ReadableStream<Uint8Array> }> {
	const reader = stream.getReader();
	const chunks: Uint8Array[] = [];
	let have = 0;
	let done = false;
	while (have < n) {
		const next = await reader.read();
		if (next.done) {
			done = true;
			break;
		}
		chunks.push(next.value);
		have += next.value.byteLength;
	}
	const head = new Uint8Array(Math.min(n, have));
	let at = 0;
	for (const chunk of chunks) {
		if (at >= head.length) break;
		const part = chunk.subarray(0, head.length - at);
		head.set(part, at);
		at += part.length;
	}
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			const chunk = chunks.shift();
			if (chunk) return controller.enqueue(chunk);
			if (done) return controller.close();
			const next = await reader.read();
			if (next.done) controller.close();
			else controller.enqueue(next.value);
		},
		cancel: (reason) => reader.cancel(reason)
	});
	return { head, body };
}
