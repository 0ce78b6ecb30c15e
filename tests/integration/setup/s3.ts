/**
 * Vitest globalSetup for the integration project: a local S3-compatible server for the blob
 * tests that run against object storage as well as the file system (support/test-blob-stores.ts).
 *
 * The server is s3rver (the maintained fork `@20minutes/s3rver`, pure Node, in this process): it
 * keeps objects as files under a temp dir and answers S3's XML. Each test file makes a bucket of
 * its own on it. TEST_S3=skip leaves the S3 cases out.
 */
import crypto from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
	export interface ProvidedContext {
		/** Where the S3 test server listens, e.g. http://127.0.0.1:41234; null when skipped. */
		s3Endpoint: string | null;
		/** The directory it keeps its buckets in (a test ages an object through its file). */
		s3Directory: string | null;
		s3SkipReason: string | null;
	}
}

/**
 * s3rver seals its ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node 17 and
 * later) no longer offers, so every listing that spans pages fails with InternalError. Triple DES
 * with three equal keys is the same cipher, bit for bit; this process runs nothing else that asks
 * for DES.
 */
function letS3rverPage() {
	const wrap = <F extends typeof crypto.createCipheriv | typeof crypto.createDecipheriv>(original: F): F =>
		((algorithm: string, key: Buffer, iv: Buffer) =>
			algorithm === 'des' ? original('des-ede3-cbc', Buffer.concat([key, key, key]), iv) : original(algorithm, key, iv)) as F;
	crypto.createCipheriv = wrap(crypto.createCipheriv);
	crypto.createDecipheriv = wrap(crypto.createDecipheriv);
}

export default async function setup(project: TestProject) {
	if (process.env.TEST_S3 === 'skip') {
		const reason = 'S3 cases skipped: TEST_S3=skip';
		console.warn(`[s3] ${reason}`);
		project.provide('s3Endpoint', null);
		project.provide('s3Directory', null);
		project.provide('s3SkipReason', reason);
		return;
	}
	letS3rverPage();
	const directory = await mkdtemp(join(tmpdir(), 'kiem-tra-s3rver-'));
	const { default: S3rver } = await import('@20minutes/s3rver');
	// allowMismatchedSignatures: s3rver signs a bucket's URL without the trailing slash that the
	// current SDK sends for bucket operations (`/bucket/?list-type=2`), so it would refuse every
	// listing. The access key is still looked up: an unknown one is refused (403) as on S3.
	const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, allowMismatchedSignatures: true });
	const { port } = await server.run();
	const endpoint = `http://127.0.0.1:${port}`;
	console.log(`[s3] s3rver at ${endpoint}`);
	project.provide('s3Endpoint', endpoint);
	project.provide('s3Directory', directory);
	project.provide('s3SkipReason', null);
	return async () => {
		await server.close();
		await rm(directory, { recursive: true, force: true });
	};
}
