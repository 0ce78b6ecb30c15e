/**
 * readJsonBody parses a large body in pieces (json-body.ts): whatever the pieces and however
 * the bytes are split into chunks, it must mean exactly what JSON.parse means, refuse what
 * JSON.parse refuses, and never let `__proto__` set a prototype.
 */
import { describe, expect, it } from 'vitest';
import { Refusal } from './http';
import { MAX_JSON_DEPTH, MAX_PIECE_CHARS, PIECEWISE_FROM, readJsonBody } from './json-body';

/** A request whose body arrives in chunks of `chunk` bytes (so escapes and UTF-8 straddle them). */
function requestOf(text: string, chunk = 7919): Request {
	const bytes = new TextEncoder().encode(text);
	let at = 0;
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (at >= bytes.length) return controller.close();
			controller.enqueue(bytes.slice(at, (at += chunk)));
		}
	});
	return new Request('http://localhost/api/sync/push', { method: 'POST', body, duplex: 'half' } as RequestInit);
}

const read = (text: string, chunk?: number) => readJsonBody(requestOf(text, chunk), 'POST /api/sync/push');

async function refusal(text: string): Promise<{ status: number; code: string; field?: string }> {
	try {
		await read(text);
	} catch (error) {
		if (error instanceof Refusal) return { status: error.status, code: error.code, ...(error.field ? { field: error.field } : {}) };
		throw error;
	}
	throw new Error('accepted');
}

/** Awkward but valid elements: brackets and quotes inside strings, escapes, nesting, Vietnamese. */
const element = (i: number) => ({
	mutationId: `m-${i}`,
	seq: i + 1,
	args: { note: `ghi chú "${i}" [a, {b}] \\ \u1ed9 ${'x'.repeat(i % 300)}`, list: [[i], { k: [] }], n: i % 7 === 0 ? null : -i / 3 }
});

describe('readJsonBody on a large body', () => {
	it('means what JSON.parse means, whatever the chunks', async () => {
		const value = { clientId: 'c', mutations: Array.from({ length: 2000 }, (_, i) => element(i)), other: [1, [2]], tail: { x: [3] } };
		const text = JSON.stringify(value, null, 1);
		expect(text.length).toBeGreaterThan(PIECEWISE_FROM);
		for (const chunk of [1013, 65_536]) expect(await read(text, chunk)).toEqual(JSON.parse(text));
		// A top-level array, and empty arrays.
		const list = JSON.stringify(Array.from({ length: 3000 }, (_, i) => element(i)));
		expect(list.length).toBeGreaterThan(PIECEWISE_FROM);
		expect(await read(list)).toEqual(JSON.parse(list));
		const empty = JSON.stringify({ a: [], b: [], pad: 'p'.repeat(PIECEWISE_FROM + 10) });
		expect(await read(empty)).toEqual(JSON.parse(empty));
	});

	it('refuses what JSON.parse refuses', async () => {
		const big = JSON.stringify({ mutations: Array.from({ length: 2000 }, (_, i) => element(i)) });
		expect(big.length).toBeGreaterThan(PIECEWISE_FROM);
		const broken = [
			big.replace(/\}\]\}$/, '},]}'), // trailing comma
			big.replace('},{', '},,{'), // empty element
			big.slice(0, -1), // unclosed
			`${big}x`,
			big.replace('"seq":5,', '"seq":5'), // missing comma inside an element
			`[${big}][1]`
		];
		for (const text of broken) {
			expect(() => JSON.parse(text)).toThrow();
			expect(await refusal(text)).toEqual({ status: 400, code: 'invalid_json' });
		}
	});

	it('keeps __proto__ a plain key and finds NUL anywhere, with its path', async () => {
		const mutations = Array.from({ length: 2000 }, (_, i) => element(i));
		const text = JSON.stringify({ mutations }).replace(/^\{/, '{"__proto__":[{"polluted":1}],');
		const value = (await read(text)) as Record<string, unknown>;
		expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
		expect(Object.keys(value)).toEqual(['__proto__', 'mutations']);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();

		mutations[1234] = { ...element(1234), args: { note: 'a\u0000b' } } as never;
		expect(await refusal(JSON.stringify({ mutations }))).toEqual({
			status: 400,
			code: 'invalid_request',
			field: 'mutations.1234.args.note'
		});
	});

	it('reads escapes and quotes split across chunks of a byte or two', async () => {
		const value = { mutations: Array.from({ length: 40 }, (_, i) => element(i)), note: 'a\\"b\\\\"c\u00e9\u1ed9' };
		const text = JSON.stringify(value);
		for (const chunk of [1, 2, 3]) expect(await read(text, chunk)).toEqual(value);
	});

	it('refuses nesting past the limit in a small body and in a large one, and takes it at the limit', async () => {
		const nested = (levels: number, pad = '') => `${'['.repeat(levels)}"${pad}"${']'.repeat(levels)}`;
		const tooDeep = { status: 400, code: 'invalid_json' };
		expect(await refusal(nested(MAX_JSON_DEPTH + 1))).toEqual(tooDeep);
		expect(await refusal(nested(MAX_JSON_DEPTH + 1, 'p'.repeat(PIECEWISE_FROM)))).toEqual(tooDeep);
		expect(await refusal(`{"a":[{"b":${nested(MAX_JSON_DEPTH - 2)}}]}`)).toEqual(tooDeep);
		expect(await read(nested(MAX_JSON_DEPTH))).toEqual(JSON.parse(nested(MAX_JSON_DEPTH)));
	});

	it('takes a backslash written before u0000 as text, not as NUL', async () => {
		const small = { note: '\\u0000 is how JSON writes NUL' };
		expect(await read(JSON.stringify(small))).toEqual(small);
		const large = { mutations: Array.from({ length: 2000 }, (_, i) => ({ ...element(i), args: { note: '\\u0000' } })) };
		expect(await read(JSON.stringify(large))).toEqual(large);
		expect(await refusal(JSON.stringify({ note: 'x\u0000' }))).toEqual({ status: 400, code: 'invalid_request', field: 'note' });
	});

	it('refuses one piece too large to parse at once with 413', async () => {
		const huge = 'x'.repeat(MAX_PIECE_CHARS + 1);
		expect(await refusal(JSON.stringify({ mutations: [{ note: huge }] }))).toMatchObject({ status: 413, code: 'body_too_large' });
		expect(await refusal(JSON.stringify({ mutations: [], pad: huge }))).toMatchObject({ status: 413, code: 'body_too_large' });
	});
});
