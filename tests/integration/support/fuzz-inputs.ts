/**
 * Malformed and hostile request parts for the fuzz test, drawn from a seeded PRNG so that a
 * failing run can be replayed exactly (same seed → same requests, in the same order).
 */

/** mulberry32: small, fast, and good enough to pick test inputs. */
export class Rng {
	#state: number;
	constructor(seed: number) {
		this.#state = seed >>> 0;
	}
	next(): number {
		let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	int(max: number): number {
		return Math.floor(this.next() * max);
	}
	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)]!;
	}
	bytes(length: number): Uint8Array<ArrayBuffer> {
		const out = new Uint8Array(length);
		for (let i = 0; i < length; i++) out[i] = this.int(256);
		return out;
	}
}

export const ONE_MB = 1024 * 1024;

/** Nesting far past any limit: parsers survive it, recursive walkers do not. */
export const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
export const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** Values of the wrong type, out of range, or made to hurt a database, a parser or a log. */
export function hostileValue(rng: Rng): unknown {
	const pick = rng.int(30);
	switch (pick) {
		case 0:
			return 'x'.repeat(ONE_MB);
		case 1:
			return 'a\u0000b';
		case 2:
			return '\ud800';
		case 3:
			return '😀'.repeat(3000);
		case 4:
			return 1e308;
		case 5:
			return -1;
		case 6:
			return 2 ** 53 + 1;
		case 7:
			return 10_000_000_000;
		case 8:
			return 1.5;
		case 9:
			return true;
		case 10:
			return null;
		case 11:
			return [];
		case 12:
			return {};
		case 13:
			return [[[[]]]];
		case 14:
			return "'; DROP TABLE users; --";
		case 15:
			return '../../../../etc/passwd';
		case 16:
			return '<script>alert(1)</script>';
		case 17:
			return '2025-13-45';
		case 18:
			return '0000-00-00T25:61:61+99:99';
		case 19:
			return Array.from({ length: 10_000 }, () => 0);
		case 20:
			return 'ffffffff-ffff-ffff-ffff-ffffffffffff';
		case 21:
			return '';
		case 22:
			return ' ';
		case 23:
			return 2_147_483_648;
		case 24:
			return -2_147_483_649;
		case 25:
			return { __proto__: null, role: 'admin' };
		case 26:
			return 'a'.repeat(5001);
		case 27:
			return 0;
		case 28:
			return '\u202eadmin\u200b';
		default:
			return { $gt: '' };
	}
}

/** Every path into a JSON value (objects and arrays), the root excluded. */
export function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
	if (!value || typeof value !== 'object') return [];
	const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
	return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** A deep copy of `value` with the thing at `path` replaced (or removed, for `undefined`). */
export function withAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
	const copy = JSON.parse(JSON.stringify(value)) as Record<string | number, unknown>;
	let node = copy;
	for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
	const last = path.at(-1)!;
	if (replacement === undefined) {
		if (Array.isArray(node)) node.splice(Number(last), 1);
		else delete node[last];
	} else node[last] = replacement;
	return copy;
}

/** JSON text that is almost right: the kinds of breakage proxies and bad clients produce. */
export function brokenJson(rng: Rng, valid: string): string {
	switch (rng.int(10)) {
		case 0:
			return valid.slice(0, Math.max(1, rng.int(valid.length)));
		case 1:
			return `${valid},`;
		case 2:
			return valid.replaceAll('"', "'");
		case 3:
			return '{"a":}';
		case 4:
			return '{"a":NaN,"b":Infinity}';
		case 5:
			return `${valid}${valid}`;
		case 6:
			return '[1,2,,3]';
		case 7:
			return '{"a":1 /* comment */}';
		case 8:
			return '\ufeff\ufeff{}';
		default:
			return valid.replace(':', '::');
	}
}

/** Bytes that are not UTF-8: lone continuation bytes, overlongs, surrogates, 0xFF. */
export function invalidUtf8(rng: Rng, valid: string): Uint8Array<ArrayBuffer> {
	const bad = rng.pick([
		[0xc3, 0x28],
		[0xa0, 0xa1],
		[0xe2, 0x28, 0xa1],
		[0xf0, 0x28, 0x8c, 0x28],
		[0xff],
		[0xc0, 0xaf],
		[0xed, 0xa0, 0x80]
	]);
	const text = new TextEncoder().encode(valid);
	const at = rng.int(text.length + 1);
	const out = new Uint8Array(text.length + bad.length);
	out.set(text.subarray(0, at), 0);
	out.set(bad, at);
	out.set(text.subarray(at), at + bad.length);
	return out;
}

/** `__proto__` and `constructor` keys spliced into every object of the JSON text. */
export function protoPolluted(valid: string): string {
	const payload = '"__proto__":{"role":"admin","polluted":true},"constructor":{"prototype":{"polluted":true}},';
	return valid.replaceAll(/\{(?=")/g, `{${payload}`).replaceAll('{}', '{"__proto__":{"polluted":true}}');
}

/** Query strings no client sends. */
export function absurdQuery(rng: Rng): string {
	return rng.pick([
		'?cursor=-1',
		'?cursor=1e309',
		'?cursor=9007199254740993',
		'?limit=0',
		'?limit=NaN',
		'?limit=2001',
		'?cursor=%00',
		'?cursor=%C3%28',
		'?clientId=../../etc/passwd',
		'?clientId=',
		'?cursor=1&cursor=2&cursor=x',
		'?__proto__[polluted]=1&constructor[prototype][polluted]=1',
		`?cursor=${'9'.repeat(5000)}`,
		`?q=${'x'.repeat(100_000)}`,
		'?cursor=0x10',
		'?cursor= 1',
		'?limit=1.5',
		'?%zz=%zz',
		'?cursor[]=1'
	]);
}

/** Path parameter values no client sends. */
export function absurdParam(rng: Rng): string {
	return rng.pick([
		'',
		'..',
		'../../etc/passwd',
		'x'.repeat(10_000),
		'%00',
		'\u0000',
		'ABCDEF'.repeat(11),
		'😀',
		'-1',
		'1e309',
		'null',
		'0'.repeat(64),
		'f'.repeat(63)
	]);
}
