/**
 * The bodies of the calls around sync: signing in and out, and photo/signature bytes. Their
 * errors follow errors.ts.
 */
import { z } from 'zod';
import { roles } from '../permissions';
import { imageMimeSchema } from '../inspection';

/** POST /api/auth/login */
export const loginRequestSchema = z.object({
	username: z.string().trim().min(1, 'username_required').max(200, 'login_username_too_long'),
	password: z.string().min(1, 'password_required').max(1000, 'login_password_too_long')
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** The signed-in account as login and /api/auth/me return it. */
export const sessionUserSchema = z.object({
	id: z.string().min(1),
	username: z.string(),
	displayName: z.string(),
	role: z.enum(roles),
	provinceCode: z.number().int().nullable(),
	unitCode: z.number().int().nullable(),
	mustChangePassword: z.boolean()
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

/** 200 of POST /api/auth/login (with the session cookie) and of GET /api/auth/me. */
export const sessionResponseSchema = z.object({ user: sessionUserSchema });

/** 200 of POST /api/auth/logout, with or without a session. */
export const logoutResponseSchema = z.object({ ok: z.literal(true) });

/** 200/201 of PUT /api/blobs/<sha256>: what the server now holds under the hash. */
export const blobStoredSchema = z.object({
	sha256: z.string().regex(/^[0-9a-f]{64}$/),
	size: z.number().int().positive(),
	mime: imageMimeSchema
});
export type BlobStored = z.infer<typeof blobStoredSchema>;
