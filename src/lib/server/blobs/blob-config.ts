/**
 * Where photos live, read from the environment (docs/operations.md, "Photo storage"):
 *
 * - `BLOB_STORE` unset or `file`: `DATA_DIR/blobs` on the local file system (one machine, or a
 *   directory every instance shares).
 * - `BLOB_STORE=s3`: an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage, R2…) that every app
 *   instance reaches: `S3_BUCKET` (required), `S3_REGION` (or the SDK's `AWS_REGION`),
 *   `S3_ENDPOINT` (for anything but AWS), `S3_FORCE_PATH_STYLE` (`true` by default with an
 *   endpoint, as most S3-compatible servers want), `S3_PREFIX` (keys under a folder of a shared
 *   bucket). Credentials are the SDK's usual ones: `AWS_ACCESS_KEY_ID` and
 *   `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`), else a profile or the machine's role.
 *
 * A wrong setting is an error naming the variable, thrown when the server starts (hooks.server.ts)
 * rather than on the first photo a device uploads.
 */

export class BlobStoreConfigError extends Error {
	override name = 'BlobStoreConfigError';
}

export interface S3Settings {
	bucket: string;
	region: string;
	endpoint: string | null;
	forcePathStyle: boolean;
	/** '' or a folder ending in '/'. */
	prefix: string;
	/** Null: the SDK's default chain (profile, container or instance role). */
	credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | null;
}

export type BlobSettings = { kind: 'file' } | ({ kind: 's3' } & S3Settings);

type Env = Record<string, string | undefined>;

const value = (env: Env, name: string) => {
	const raw = env[name]?.trim();
	return raw ? raw : null;
};

function flag(env: Env, name: string, fallback: boolean): boolean {
	const raw = value(env, name)?.toLowerCase();
	if (raw === null || raw === undefined) return fallback;
	if (['true', '1', 'yes'].includes(raw)) return true;
	if (['false', '0', 'no'].includes(raw)) return false;
	throw new BlobStoreConfigError(`${name}=${env[name]} is neither true nor false`);
}

/** The photo store `env` asks for; throws BlobStoreConfigError, naming the variable, when it cannot be used. */
export function blobSettings(env: Env = process.env): BlobSettings {
	const kind = value(env, 'BLOB_STORE')?.toLowerCase() ?? 'file';
	if (kind === 'file') return { kind: 'file' };
	if (kind !== 's3') throw new BlobStoreConfigError(`BLOB_STORE=${env.BLOB_STORE} is not known; use "file" (the default) or "s3"`);

	const bucket = value(env, 'S3_BUCKET');
	if (!bucket) throw new BlobStoreConfigError('BLOB_STORE=s3 needs S3_BUCKET, the bucket that holds the photos');
	const endpoint = value(env, 'S3_ENDPOINT');
	if (endpoint !== null && !/^https?:\/\/[^/\s]+/.test(endpoint))
		throw new BlobStoreConfigError(`S3_ENDPOINT=${endpoint} is not an http:// or https:// address`);
	const region = value(env, 'S3_REGION') ?? value(env, 'AWS_REGION') ?? value(env, 'AWS_DEFAULT_REGION');
	if (!region) {
		throw new BlobStoreConfigError(
			'BLOB_STORE=s3 needs S3_REGION (or AWS_REGION): the bucket’s region, e.g. ap-southeast-1; S3-compatible servers usually accept us-east-1'
		);
	}
	const prefix = value(env, 'S3_PREFIX') ?? '';
	if (prefix.startsWith('/') || prefix.split('/').some((part, i, parts) => part === '..' || (part === '' && i < parts.length - 1)))
		throw new BlobStoreConfigError(`S3_PREFIX=${prefix} must be a relative folder such as "kiem-tra/blobs/"`);
	const accessKeyId = value(env, 'AWS_ACCESS_KEY_ID');
	const secretAccessKey = value(env, 'AWS_SECRET_ACCESS_KEY');
	if ((accessKeyId === null) !== (secretAccessKey === null))
		throw new BlobStoreConfigError(
			'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together: set both, or neither to use a profile or role'
		);
	const sessionToken = value(env, 'AWS_SESSION_TOKEN') ?? undefined;
	return {
		kind: 's3',
		bucket,
		region,
		endpoint,
		forcePathStyle: flag(env, 'S3_FORCE_PATH_STYLE', endpoint !== null),
		prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
		credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } : null
	};
}
