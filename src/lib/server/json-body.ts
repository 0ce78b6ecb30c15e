/**
 * Reading a JSON request body within its endpoint's limit (lib/domain/protocol/body-limits.ts)
 * without holding up the event loop: the bytes are decoded chunk by chunk as they arrive, and a
 * large body is scanned as it arrives and parsed in pieces with a turn for the loop between them. A single
 * JSON.parse of a full 8 MiB push takes 20–60 ms on a busy two-core server; its pieces take well
 * under a millisecond each.
 *
 * Pieces: in a body over PIECEWISE_FROM bytes, each array that is a top-level value (the push's
 * `mutations`), or the body itself when it is an array, is parsed a run of elements at a time;
 * the rest of the body (its "frame", every such array replaced by a placeholder) in one go. No
 * piece may pass MAX_PIECE_CHARS (413): a single element or a frame that large would take one
 * long parse again.
 */
import type { ApiKey } from '$lib/domain/permissions';
import { bodyLimitOf, describeBytes, MIB } from '$lib/domain/protocol/body-limits';
import { Breather } from './breather';
import { Refusal } from './http';

/**
 * Deepest nesting of arrays and objects a body may have. The deepest request the app makes
 * (a finding's legal references inside a submit inside a push) is 7 levels; parsing is not the
 * risk (V8's JSON.parse is iterative) but everything that walks a value recursively afterwards —
 * JSON.stringify, structuredClone, validation — overflows the stack around 10,000 levels.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Bodies up to this many characters are parsed at once: a few milliseconds at most, and a push
 * of 500 answers (about 180,000) takes one JSON.parse instead of a scan four times as long.
 */
export const PIECEWISE_FROM = 256 * 1024;
/** Elements are parsed in runs of about this many characters. */
const RUN_CHARS = 64 * 1024;
/** The largest piece parsed at once: one mutation, or a body's frame (a few ms at most). */
export const MAX_PIECE_CHARS = 2 * MIB;

const invalidJson = (detail: string) => new Refusal(400, 'invalid_json', `The request body is not valid JSON: ${detail}`);

/** The 413 every endpoint answers for a body past its limit. */
export const bodyTooLarge = (limit: number) =>
	limit === 0
		? new Refusal(413, 'body_too_large', 'This endpoint takes no request body')
		: new Refusal(413, 'body_too_large', `The request body is too large (at most ${describeBytes(limit)})`);

/** Photo bytes keep the code (and wording) the blob store answers with, which the device shows. */
const photoTooLarge = (limit: number) => new Refusal(413, 'blob_too_large', `The file is too large (at most ${describeBytes(limit)})`);

const pieceTooLarge = () =>
	new Refusal(413, 'body_too_large', `One part of the request (a mutation) is too large (at most ${describeBytes(MAX_PIECE_CHARS)})`);

/**
 * The 413 for a request whose headers already show its body is too large for endpoint `key`:
 * a declared length past the limit, or any body at all where the limit is 0. Checked in
 * hooks.server.ts before the session lookup, so such a body is never read.
 */
export function declaredBodyRefusal(request: Request, key: string): Refusal | null {
	const limit = bodyLimitOf(key);
	const declared = Number(request.headers.get('content-length') ?? 0);
	const hasBody = request.body !== null || declared > 0 || request.headers.has('transfer-encoding');
	if (limit === 0 ? !hasBody : declared <= limit) return null;
	return key === 'PUT /api/blobs/[sha256]' ? photoTooLarge(limit) : bodyTooLarge(limit);
}

/** A run of elements of one piecewise array: text [start, end), written without its brackets. */
interface Run {
	start: number;
	end: number;
	/** Follows a comma that closed the run before it: it must hold an element. */
	afterComma: boolean;
}

/** An array parsed piecewise: where it stands in the text, and its runs of elements. */
interface PiecewiseArray {
	start: number;
	end: number;
	runs: Run[];
}

/**
 * Scans JSON text given piece by piece, outside strings: refuses nesting deeper than
 * MAX_JSON_DEPTH, and finds the arrays to parse piecewise and where their runs of elements end.
 */
class JsonScanner {
	readonly arrays: PiecewiseArray[] = [];
	private depth = 0;
	private inString = false;
	private escaped = false;
	private offset = 0;
	private top = 0;
	/** Depth of the piecewise array being scanned, 0 outside one. */
	private arrayDepth = 0;
	private runStart = 0;
	private afterComma = false;

	/** Throws 400 once the text so far nests too deep. */
	feed(text: string): void {
		for (let i = 0; i < text.length; i++) {
			const c = text.charCodeAt(i);
			const at = this.offset + i;
			if (this.inString) {
				if (this.escaped) this.escaped = false;
				else if (c === 0x5c) this.escaped = true;
				else if (c === 0x22) this.inString = false;
			} else if (c === 0x22) this.inString = true;
			else if (c === 0x5b || c === 0x7b) {
				if (++this.depth > MAX_JSON_DEPTH) throw invalidJson(`nested deeper than ${MAX_JSON_DEPTH} levels`);
				if (this.depth === 1) this.top = c;
				const piecewise = c === 0x5b && (this.depth === 1 || (this.depth === 2 && this.top === 0x7b));
				if (piecewise) {
					this.arrayDepth = this.depth;
					this.arrays.push({ start: at, end: -1, runs: [] });
					this.runStart = at + 1;
					this.afterComma = false;
				}
			} else if (c === 0x5d || c === 0x7d) {
				if (this.arrayDepth !== 0 && this.depth === this.arrayDepth) {
					this.closeRun(at);
					this.arrays.at(-1)!.end = at + 1;
					this.arrayDepth = 0;
				}
				this.depth--;
			} else if (c === 0x2c && this.arrayDepth !== 0 && this.depth === this.arrayDepth) {
				if (at - this.runStart >= RUN_CHARS) {
					this.closeRun(at);
					this.runStart = at + 1;
					this.afterComma = true;
				}
			}
		}
		this.offset += text.length;
	}

	private closeRun(end: number): void {
		this.arrays.at(-1)!.runs.push({ start: this.runStart, end, afterComma: this.afterComma });
	}
}

/**
 * The body as text, decoded chunk by chunk as it arrives, refused with 413 as soon as it passes
 * `limit` (the rest is not read) and with 400 as soon as it is not UTF-8. Once the text passes
 * PIECEWISE_FROM it is also scanned as it arrives (400 as soon as it nests too deep), to be
 * parsed in pieces; below that the scan would cost several times the parse it prepares.
 */
async function readJsonText(request: Request, limit: number): Promise<{ text: string; scanner: JsonScanner | null }> {
	const decoder = new TextDecoder('utf-8', { fatal: true });
	const parts: string[] = [];
	let length = 0;
	let scanner: JsonScanner | null = null;
	const take = (text: string) => {
		parts.push(text);
		length += text.length;
		if (scanner) scanner.feed(text);
		else if (length > PIECEWISE_FROM) {
			scanner = new JsonScanner();
			for (const part of parts) scanner.feed(part);
		}
	};
	if (await readChunksWithin(request, limit, (chunk) => take(decodeUtf8(decoder, chunk)))) take(decodeUtf8(decoder));
	return { text: parts.join(''), scanner };
}

/**
 * Hands the body's chunks to `take` as they arrive, refusing with 413 once they pass `limit` (or
 * at once when the declared length does). False when the request has no body.
 */
async function readChunksWithin(request: Request, limit: number, take: (chunk: Uint8Array) => void): Promise<boolean> {
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > limit) throw bodyTooLarge(limit);
	if (!request.body) return false;
	const reader = request.body.getReader();
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return true;
			size += value.byteLength;
			if (size > limit) throw bodyTooLarge(limit);
			take(value);
		}
	} finally {
		// Left unread, not cancelled: behind adapter-node cancelling destroys the connection, and
		// the client would see a reset instead of the 413 or 400 it must act on.
		reader.releaseLock();
	}
}

function decodeUtf8(decoder: TextDecoder, bytes?: Uint8Array): string {
	try {
		return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
	} catch {
		throw invalidJson('not UTF-8 text');
	}
}

function parseText(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		throw invalidJson('syntax error');
	}
}

/**
 * The first string (key or value) holding U+0000, as a field path. PostgreSQL text cannot store
 * it at all (the insert fails), and no form of the app can type it, so it is refused up front.
 * Iterative, like the depth check, so no value can overflow the stack here.
 */
function nulCharacterAt(value: unknown, root = ''): string | null {
	const stack: [unknown, string][] = [[value, root]];
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

const nulRefusal = (path: string) =>
	new Refusal(400, 'invalid_request', 'The request holds a NUL character (U+0000), which is not allowed', path || undefined);

/**
 * `text` is the JSON `value` was parsed from. JSON can hold U+0000 only written as the escape
 * `\u0000` (a raw control character in a string is a syntax error), so text without that
 * sequence needs no walk through the value.
 */
function refuseNul(value: unknown, text: string, root = ''): void {
	if (!text.includes('\\u0000')) return;
	const nul = nulCharacterAt(value, root);
	if (nul !== null) throw nulRefusal(nul);
}

/**
 * The depth check of a body parsed whole (JSON.parse itself is iterative): the same limit the
 * scanner holds a large body to, found by walking the value without recursion.
 */
function refuseDeep(value: unknown): void {
	const stack: [unknown, number][] = [[value, 1]];
	while (stack.length > 0) {
		const [v, depth] = stack.pop()!;
		if (depth > MAX_JSON_DEPTH) throw invalidJson(`nested deeper than ${MAX_JSON_DEPTH} levels`);
		for (const child of Array.isArray(v) ? v : Object.values(v as object))
			if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
	}
}

/** Defines a property even when its key is `__proto__` (plain assignment would set the prototype). */
const define = (target: object, key: string, value: unknown) =>
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

/**
 * Parses `text` a piece at a time: the frame with each piecewise array replaced by `[i]` (its
 * index: every array in that position is replaced, so none is mistaken for one), then each
 * array's runs, with a turn for the event loop between pieces.
 */
async function parsePiecewise(text: string, arrays: PiecewiseArray[]): Promise<unknown> {
	const breather = new Breather();
	const frameParts: string[] = [];
	let from = 0;
	arrays.forEach((array, i) => {
		if (array.end < 0) throw invalidJson('syntax error');
		frameParts.push(text.slice(from, array.start), `[${i}]`);
		from = array.end;
	});
	frameParts.push(text.slice(from));
	// Spaces around the value cost the parser next to nothing: only the rest counts.
	const frameText = frameParts.join('').trim();
	if (frameText.length > MAX_PIECE_CHARS) throw pieceTooLarge();
	const frame = parseText(frameText);

	const elementsOf = async (array: PiecewiseArray, path: string): Promise<unknown[]> => {
		const elements: unknown[] = [];
		for (const run of array.runs) {
			if (run.end - run.start > MAX_PIECE_CHARS) throw pieceTooLarge();
			const slice = text.slice(run.start, run.end);
			if (run.afterComma && slice.trim() === '') throw invalidJson('syntax error');
			const values = parseText(`[${slice}]`) as unknown[];
			for (const value of values) {
				refuseNul(value, slice, path === '' ? String(elements.length) : `${path}.${elements.length}`);
				elements.push(value);
			}
			await breather.breathe();
		}
		return elements;
	};

	const placeholder = (value: unknown): PiecewiseArray | null =>
		Array.isArray(value) && value.length === 1 && typeof value[0] === 'number' ? (arrays[value[0]] ?? null) : null;
	if (Array.isArray(frame)) return elementsOf(arrays[0]!, '');
	if (!frame || typeof frame !== 'object') return frame;
	for (const [key, value] of Object.entries(frame)) {
		if (key.includes('\u0000')) throw nulRefusal(key);
		const array = placeholder(value);
		if (array) define(frame, key, await elementsOf(array, key));
		else refuseNul(value, frameText, key);
	}
	return frame;
}

/**
 * The raw bytes of a body (an uploaded file), held to the limit `route` has in body-limits.ts:
 * 413 \`body_too_large\` as soon as the stream passes it, the rest left unread.
 */
export async function readBytesBody(request: Request, route: ApiKey): Promise<Uint8Array<ArrayBuffer>> {
	const chunks: Uint8Array[] = [];
	await readChunksWithin(request, bodyLimitOf(route), (chunk) => chunks.push(chunk));
	const bytes = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.byteLength, 0));
	let at = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, at);
		at += chunk.byteLength;
	}
	return bytes;
}

/**
 * Reads a JSON body whatever its content type says (a device that mislabels JSON still gets a
 * precise answer, and cross-site writes are refused in hooks.server.ts before this), held to the
 * limit `route` has in body-limits.ts. Refusals: 413 `body_too_large`; 400 `invalid_json` for
 * bytes that are not UTF-8, not JSON, or nested deeper than MAX_JSON_DEPTH; 400
 * `invalid_request` for a string holding U+0000.
 */
export async function readJsonBody(request: Request, route: ApiKey): Promise<unknown> {
	const { text, scanner } = await readJsonText(request, bodyLimitOf(route));
	if (text.trim() === '') throw invalidJson('empty body');
	if (scanner && scanner.arrays.length > 0) return parsePiecewise(text, scanner.arrays);
	if (text.length > MAX_PIECE_CHARS) throw pieceTooLarge();
	const value = parseText(text);
	if (!scanner && value !== null && typeof value === 'object') refuseDeep(value);
	refuseNul(value, text);
	return value;
}
