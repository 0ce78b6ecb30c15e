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
 * Largest JSON body a route reads. A device's biggest request, a full push of 500 mutations, is
 * far below it; adapter-node's BODY_SIZE_LIMIT must be at least this (docs/sync-protocol.md).
 */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;

/**
 * Deepest nesting of arrays and objects a body may have. The deepest request the app makes
 * (a finding's legal references inside a submit inside a push) is 7 levels; parsing is not the
 * risk (V8's JSON.parse is iterative) but everything that walks a value recursively afterwards —
 * JSON.stringify, structuredClone, validation — overflows the stack around 10,000 levels.
 */
export const MAX_JSON_DEPTH = 64;

const invalidJson = (detail: string) => new Refusal(400, 'invalid_json', `The request body is not valid JSON: ${detail}`);

/** The body's bytes, refused with 413 as soon as they pass `limit` (the rest is not read). */
async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
	const tooLarge = () =>
		new Refusal(413, 'body_too_large', `The request body is too large (at most ${Math.floor(limit / 1024 / 1024)} MiB)`);
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > limit) throw tooLarge();
	if (!request.body) return new Uint8Array(0);
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel().catch(() => {});
			throw tooLarge();
		}
		chunks.push(value);
	}
	const bytes = new Uint8Array(size);
	let at = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, at);
		at += chunk.byteLength;
	}
	return bytes;
}

/** Nesting depth of JSON text, counted outside strings; stops counting once past `max`. */
function nestingExceeds(text: string, max: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c)
				i++; // backslash: skip the escaped character
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x5b || c === 0x7b) {
			if (++depth > max) return true;
		} else if (c === 0x5d || c === 0x7d) depth--;
	}
	return false;
}

/**
 * The first string (key or value) holding U+0000, as a field path. PostgreSQL text cannot store
 * it at all (the insert fails), and no form of the app can type it, so it is refused up front.
 * Iterative, like the depth check, so no value can overflow the stack here.
 */
function nulCharacterAt(value: unknown): string | null {
	const stack: [unknown, string][] = [[value, '']];
	while (stack.length > 0) {
		const [v, path] = stack.pop()!;
		if (typeof v === 'string') {
			if (v.includes('\u0000')) return path;
		} else if (v && typeof v === 'object') {
			for (const [key, child] of Object.entries(v)) {
				const childPath = path === '' ? key : `${path}.${key}`;
				if (key.includes('\u0000')) return childPath;
				stack.push([child, childPath]);
			}
		}
	}
	return null;
}

/**
 * Reads a JSON body whatever its content type says (a device that mislabels JSON still gets a
 * precise answer, and cross-site writes are refused in hooks.server.ts before this). Refusals:
 * 413 `body_too_large`; 400 `invalid_json` for bytes that are not UTF-8, not JSON, or nested
 * deeper than MAX_JSON_DEPTH; 400 `invalid_request` for a string holding U+0000.
 */
export async function readJsonBody(request: Request, limit = MAX_JSON_BYTES): Promise<unknown> {
	const bytes = await readLimited(request, limit);
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw invalidJson('not UTF-8 text');
	}
	if (text.trim() === '') throw invalidJson('empty body');
	if (nestingExceeds(text, MAX_JSON_DEPTH)) throw invalidJson(`nested deeper than ${MAX_JSON_DEPTH} levels`);
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw invalidJson('syntax error');
	}
	const nul = nulCharacterAt(value);
	if (nul !== null)
		throw new Refusal(400, 'invalid_request', 'The request holds a NUL character (U+0000), which is not allowed', nul || undefined);
	return value;
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
 * status, a value the database cannot store into 400, a busy, full or unreachable database into
 * 503 with Retry-After (the client keeps its queue and tries again). Anything else is a bug and
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
		const unavailable = databaseTroubleResponse(error);
		if (unavailable) return unavailable;
		throw error;
	}
}
