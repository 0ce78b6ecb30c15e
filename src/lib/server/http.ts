/**
 * The server's HTTP error shape and the few helpers routes share. Every 4xx/5xx body is
 * `{ error: { code, field?, message } }`: `code` for programs, `message` in Vietnamese for
 * people, `field` as a dotted path into the request when one part of it is at fault.
 */
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { isTransientDatabaseError } from './db/transient-errors';

export interface ErrorBody {
	error: { code: string; field?: string; message: string };
}

/** A request the server will not carry out; thrown by lib/server code, answered by `respond`. */
export class Refusal extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly field?: string
	) {
		super(message);
		this.name = 'Refusal';
	}
}

export function problem(status: number, code: string, message: string, field?: string, headers?: HeadersInit): Response {
	const body: ErrorBody = { error: field === undefined ? { code, message } : { code, field, message } };
	return json(body, { status, headers });
}

/** Zod's own messages in Vietnamese; the shared schemas' custom messages already are. */
const vietnamese = z.locales.vi();
export const zodVietnamese = { error: vietnamese.localeError };

/** "args.team.0.name" — how a path into a request is written in error bodies and results. */
export function fieldPath(path: readonly PropertyKey[]): string {
	return path.map((p) => String(p)).join('.');
}

/** Parses with a shared schema or refuses with a 400 naming the first field at fault. */
export function parseOrRefuse<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.output<S> {
	const parsed = schema.safeParse(value, zodVietnamese);
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0];
	const path = [...(prefix === undefined ? [] : [prefix]), ...(issue?.path ?? [])];
	throw new Refusal(400, 'invalid_request', issue?.message ?? 'Yêu cầu không hợp lệ', fieldPath(path) || undefined);
}

export async function readJsonBody(request: Request): Promise<unknown> {
	try {
		return await request.json();
	} catch {
		throw new Refusal(400, 'invalid_json', 'Nội dung yêu cầu không phải JSON hợp lệ');
	}
}

/**
 * Runs a handler body and turns the failures everyone shares into responses: a Refusal into its
 * status, an unreachable or overloaded database into 503 (the client keeps its queue and tries
 * again). Anything else is a bug and goes to SvelteKit as a 500.
 */
export async function respond(body: () => Promise<Response>): Promise<Response> {
	try {
		return await body();
	} catch (error) {
		if (error instanceof Refusal) return problem(error.status, error.code, error.message, error.field);
		if (isTransientDatabaseError(error)) {
			console.error('[db] unavailable:', error instanceof Error ? error.message : error);
			const message = 'Máy chủ tạm thời không lưu được dữ liệu, vui lòng thử lại sau';
			return problem(503, 'database_unavailable', message, undefined, { 'retry-after': '5' });
		}
		throw error;
	}
}
