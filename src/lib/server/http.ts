/**
 * The server's HTTP error shape and the few helpers routes share. Every 4xx/5xx body is
 * `{ error: { code, field?, message } }` (the protocol's error convention, errors.ts): `code`
 * stable for programs and the UI's message files, `message` in English for logs and outside
 * clients, `field` as a dotted path into the request when one part of it is at fault.
 */
import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { fieldPath, problemOf, type ErrorBody, type ErrorCode } from '$lib/domain/protocol';
import { databaseTrouble, type DatabaseTrouble } from './db/transient-errors';
import { isValueError } from './db/value-errors';
import { BlobStoreUnavailable } from './blobs/blob-store';

/** Seconds a device waits before sending again while photo storage cannot be reached. */
const STORAGE_RETRY_AFTER_SECONDS = 10;

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
 * What a device is told while the database cannot serve it: always 503 (the failed transaction
 * left nothing behind, the device keeps its queue and resends), a code saying why, and how many
 * seconds to wait.
 */
const troubleAnswers: Record<DatabaseTrouble, { code: ErrorCode; retryAfterSeconds: number; message: string }> = {
	// Another writer (a second server, a backup) held the lock beyond busy_timeout.
	busy: { code: 'database_busy', retryAfterSeconds: 5, message: 'The database is busy with another writer; try again shortly' },
	// Needs an operator to free space; retrying every few seconds would only fill the logs.
	full: { code: 'database_full', retryAfterSeconds: 60, message: 'The server has run out of storage space; try again later' },
	// PostgreSQL stopped or unreachable; the pool reconnects on its own once it is back.
	unavailable: { code: 'database_unavailable', retryAfterSeconds: 5, message: 'The database is unavailable for now; try again later' }
};

/**
 * The 503 for an error that means the database cannot serve right now; for any other error
 * null, or the answer for `otherwise` when the caller treats every failure as passing.
 */
export function databaseTroubleResponse(error: unknown, otherwise?: DatabaseTrouble): Response | null {
	const answer = troubleAnswerFor(error, otherwise);
	if (!answer) return null;
	return problem(503, answer.code, answer.message, undefined, { 'retry-after': String(answer.retryAfterSeconds) });
}

/** The answer for a database trouble (logged once here), or null for any other error. */
function troubleAnswerFor(error: unknown, otherwise?: DatabaseTrouble) {
	const trouble = databaseTrouble(error) ?? otherwise;
	if (!trouble) return null;
	console.error(`[db] ${trouble}:`, error instanceof Error ? error.message : error);
	return troubleAnswers[trouble];
}

/**
 * For a page's server load what `respond` is for an endpoint: a busy, full or unreachable
 * database becomes the page's 503 — its +error.svelte, with Retry-After, the trouble's code as
 * the error's message — instead of SvelteKit's 500 page. Anything else is thrown on as it is.
 */
export async function withPageDatabase<T>(setHeaders: (headers: Record<string, string>) => void, body: () => Promise<T>): Promise<T> {
	try {
		return await body();
	} catch (err) {
		const answer = troubleAnswerFor(err);
		if (!answer) throw err;
		setHeaders({ 'retry-after': String(answer.retryAfterSeconds) });
		error(503, answer.code);
	}
}

/**
 * Runs a handler body and turns the failures everyone shares into responses: a Refusal into its
 * status, a value the database cannot store into 400, a busy, full or unreachable database or
 * photo storage into 503 with Retry-After (the client keeps its queue and tries again). Anything else is a bug and
 * goes to SvelteKit as a 500.
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
		if (error instanceof BlobStoreUnavailable) {
			console.error('[blobs]', error.message);
			return problem(
				503,
				'storage_unavailable',
				'Photo storage cannot be reached for now; the photo stays on the device and is sent later',
				undefined,
				{
					'retry-after': String(STORAGE_RETRY_AFTER_SECONDS)
				}
			);
		}
		// After photo storage: a bucket's ECONNREFUSED must not read as the database's.
		const unavailable = databaseTroubleResponse(error);
		if (unavailable) return unavailable;
		throw error;
	}
}
