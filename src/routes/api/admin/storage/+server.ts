// GET /api/admin/storage — photo storage used, unreferenced bytes, per province, and the limits (docs/operations.md).
import { adminEndpoint } from '$lib/server/admin';
import { blobQuotas, blobStore, storageReport } from '$lib/server/blobs';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = adminEndpoint('GET /api/admin/storage', ({ admin, db }) =>
	storageReport(db, blobStore(), blobQuotas(), admin)
);
