/**
 * The server's HTTP error shape and the few helpers routes share. Every 4xx/5xx body is
 * `{ error: { code, field?, message } }` (the protocol's error convention, errors.ts): `code`
 * stable for programs and the UI's message files, `message` in English for logs and outside
 * clients, `field` as a dotted path into the request when one part of it is at fault.
 */
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { fieldPath, problemOf, type ErrorBody, type ErrorCode } from '$lib/domain/protocol';
import { isTransientDatabaseError } from './db/transient-errors';
import { isValueError } from './db/value-errors';

/** A request the server will not carry out; thrown by lib/server code, answered by `respond`. */
export class Refusal extends Error {
	constructor(
		readonly status: number,
		readonly code: ErrorCode,
		message: string,
		readonly field?: string
	) {
		super(message);
		this.name = 'Refusal';
	}
}

export function problem(status: number, code: ErrorCode, message: string, field?: string, headers?: HeadersInit): Response {
	const body: ErrorBody = { error: problemOf(code, message, field) };
	return json(body, { status, headers });
}

/**
 * Parses with a shared schema or refuses with 400 `invalid_request` naming the first field at
 * fault. Zod's own messages are English here, like every API message.
 */
export function parseOrRefuse<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.output<S> {
	const parsed = schema.safeParse(value);
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0];
	const path = [...(prefix === undefined ? [] : [prefix]), ...(issue?.path ?? [])];
	throw new Refusal(400, 'invalid_request', issue?.message ?? 'Invalid request', fieldPath(path) || undefined);
}

/**
 * Runs a handler body and turns the failures everyone shares into responses: a Refusal into its
 * status, a value the database cannot store into 400, an unreachable or overloaded database
 * into 503 (the client keeps its queue and tries again). Anything else is a bug and goes to
 * SvelteKit as a 500.
 */
export async function respond(body: () => Promise<Response>): Promise<Response> {
	try {
		return await body();
	} catch (error) {
		if (error instanceof Refusal) return problem(error.status, error.code, error.message, error.field);
		if (isValueError(error)) {
			// Only request data reaches a statement's values, so this is the request's fault (400).
			console.warn('[db] value refused:', error instanceof Error ? error.message : error);
			return problem(400, 'invalid_value', 'A value is beyond what the server can store');
		}
		if (isTransientDatabaseError(error)) {
			console.error('[db] unavailable:', error instanceof Error ? error.message : error);
			const message = 'The database is unavailable for now; try again later';
			return problem(503, 'database_unavailable', message, undefined, { 'retry-after': '5' });
		}
		throw error;
	}
}
