// GET /api/admin/audit/verify — re-computes the hash chain: { ok, checked } or the first bad seq.
import { adminEndpoint, verifyAudit } from '$lib/server/admin';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = adminEndpoint('GET /api/admin/audit/verify', ({ admin, db }) => verifyAudit(db, admin));
