/**
 * Vitest globalSetup for the integration project: a local S3-compatible server for the blob
 * tests that run against object storage as well as the file system (support/test-blob-stores.ts).
 *
 * The server is s3rver (the maintained fork `@20minutes/s3rver`, pure Node, in this process): it
 * keeps objects as files under a temp dir and answers S3's XML. Each test file makes a bucket of
 * its own on it. TEST_S3=skip leaves the S3 cases out.
 */
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

export default async function setup(project: TestProject) {
	if (process.env.TEST_S3 === 'skip') {
		const reason = 'S3 cases skipped: TEST_S3=skip';
		console.warn(`[s3] ${reason}`);
		project.provide('s3Endpoint', null);
		project.provide('s3Directory', null);
		project.provide('s3SkipReason', reason);
		return;
	}
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
