/**
 * docs/sync-protocol.md cannot drift from the protocol module: every tagged JSON example in it is
 * parsed here with the schema its tag names, every intent must have a request and a response
 * example and a list of its error codes, and the fingerprint test vector is recomputed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalRecord, recordFingerprint, type RecordContent } from '../record-fingerprint';
import { bodyLimits, describeBytes } from './body-limits';
import {
	changeDataSchema,
	errorBodySchema,
	errorCodes,
	logoutResponseSchema,
	loginRequestSchema,
	blobStoredSchema,
	commonMutationErrors,
	intentErrors,
	mutationNames,
	mutationSchema,
	pullResponseSchema,
	pushRequestSchema,
	pushResponseSchema,
	sessionResponseSchema,
	type MutationName
} from '.';

const doc = readFileSync(new URL('../../../../docs/sync-protocol.md', import.meta.url), 'utf8');

interface Block {
	lang: string;
	tag: string;
	body: string;
	line: number;
}

/** Fenced blocks with a tag after the language: ```json request:answerItem */
function taggedBlocks(text: string): Block[] {
	const blocks: Block[] = [];
	const fence = /^```(\w+) ([\w:-]+)\n([\s\S]*?)^```$/gm;
	for (const m of text.matchAll(fence)) {
		blocks.push({ lang: m[1]!, tag: m[2]!, body: m[3]!, line: text.slice(0, m.index).split('\n').length });
	}
	return blocks;
}

const blocks = taggedBlocks(doc);
const tagged = (tag: string) => blocks.filter((b) => b.tag === tag);
const parseJson = (b: Block): unknown => {
	try {
		return JSON.parse(b.body);
	} catch (error) {
		throw new Error(`docs/sync-protocol.md:${b.line} (${b.tag}) is not JSON: ${String(error)}`, { cause: error });
	}
};

/** Parses and fails with the doc's line and the schema's complaint. */
function expectParses(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, b: Block, value = parseJson(b)) {
	const result = schema.safeParse(value);
	expect(result.success, `docs/sync-protocol.md:${b.line} (${b.tag}): ${String(result.error)}`).toBe(true);
}

/** The section of one intent: from its heading to the next heading. */
function intentSection(name: MutationName): string {
	const start = doc.indexOf(`### \`${name}\``);
	if (start < 0) return '';
	const next = doc.indexOf('\n#', start + 1);
	return doc.slice(start, next < 0 ? undefined : next);
}

describe('docs/sync-protocol.md', () => {
	it('has a tag on every JSON example, and only known tags', () => {
		const known =
			/^(request|response):[A-Za-z-]+$|^error$|^fingerprint(-presence)?:(record|canonical|value)$|^qr-vector:(key|part|canonical|codes)$/;
		const untagged = [...doc.matchAll(/^```json\s*$/gm)].length;
		expect(untagged, 'every ```json block carries a tag').toBe(0);
		for (const b of blocks) expect(b.tag, `docs/sync-protocol.md:${b.line}`).toMatch(known);
	});

	it.each(mutationNames)('%s: a request and a response that parse, and its error codes', (name) => {
		const requests = tagged(`request:${name}`);
		const responses = tagged(`response:${name}`);
		expect(requests.length, `no request example for ${name}`).toBeGreaterThan(0);
		expect(responses.length, `no response example for ${name}`).toBeGreaterThan(0);

		const section = intentSection(name);
		const listed =
			/^Errors: (.+)$/m
				.exec(section)?.[1]
				?.match(/`([a-z_]+)`/g)
				?.map((c) => c.slice(1, -1)) ?? [];
		expect(listed.length, `no "Errors:" line for ${name}`).toBeGreaterThan(0);
		for (const code of listed) expect(errorCodes).toContain(code);
		// The doc lists `invalid` first, then exactly the codes the intent declares.
		expect(new Set(listed), `Errors: line of ${name}`).toEqual(new Set(['invalid', ...intentErrors[name]]));

		for (const b of requests) {
			const body = parseJson(b);
			expectParses(pushRequestSchema, b, body);
			for (const m of (body as { mutations: unknown[] }).mutations) {
				expectParses(mutationSchema, b, m);
				expect((m as { name: string }).name).toBe(name);
			}
		}
		for (const b of responses) {
			const body = parseJson(b);
			expectParses(pushResponseSchema, b, body);
			const sequencing: readonly string[] = commonMutationErrors;
			for (const r of pushResponseSchema.parse(body).results) {
				if (r.status === 'applied') continue;
				expect(r.code, `docs/sync-protocol.md:${b.line}: a ${r.status} result needs a code`).toBeDefined();
				expect([...listed, ...sequencing], `docs/sync-protocol.md:${b.line}: ${r.code} not listed for ${name}`).toContain(r.code);
			}
		}
	});

	it('shows push, pull, sign-in and blob bodies that parse', () => {
		for (const b of tagged('response:push')) expectParses(pushResponseSchema, b);
		expect(tagged('response:pull').length).toBeGreaterThan(0);
		for (const b of tagged('response:pull')) {
			const page = pullResponseSchema.parse(parseJson(b));
			for (const change of page.changes) {
				const schema = changeDataSchema(change.entity, change.op);
				expect(schema?.safeParse(change.data).success, `docs/sync-protocol.md:${b.line}: ${change.entity} v${change.version}`).toBe(true);
			}
		}
		const calls = [
			['request:login', loginRequestSchema],
			['response:login', sessionResponseSchema],
			['response:logout', logoutResponseSchema],
			['response:blob-put', blobStoredSchema]
		] as const;
		for (const [tag, schema] of calls) {
			expect(tagged(tag).length, `no ${tag} example`).toBeGreaterThan(0);
			for (const b of tagged(tag)) expectParses(schema, b);
		}
	});

	it('explains every code any mutation may get', () => {
		for (const code of commonMutationErrors) expect(doc, code).toContain(`| \`${code}\``);
	});

	it('uses only known error codes in error bodies', () => {
		expect(tagged('error').length).toBeGreaterThan(0);
		for (const b of tagged('error')) {
			expectParses(errorBodySchema, b);
			expect(errorCodes).toContain(errorBodySchema.parse(parseJson(b)).error.code);
		}
	});

	it('states each endpoint’s body limit as body-limits.ts sets it', () => {
		const section = /^## Size limits\n([\s\S]*?)^## /m.exec(doc)?.[1] ?? '';
		const rows = [...section.matchAll(/^\| `((?:GET|HEAD|POST|PUT|PATCH|DELETE) [^`]+)` +\| ([^|]+?) +\|/gm)];
		const stated = new Map(rows.map((m) => [m[1]!.replace(/<(\w+)>/g, '[$1]'), m[2]!]));
		for (const [key, limit] of Object.entries(bodyLimits)) {
			expect(stated.get(key), `docs/sync-protocol.md, Size limits: ${key}`).toBe(limit === 0 ? '0' : describeBytes(limit));
		}
		for (const key of stated.keys()) expect(bodyLimits, `docs/sync-protocol.md names ${key}`).toHaveProperty([key]);
	});

	it.each(['fingerprint', 'fingerprint-presence'])('gives a fingerprint test vector (%s) the code reproduces', async (name) => {
		const [record] = tagged(`${name}:record`);
		const [canonical] = tagged(`${name}:canonical`);
		const [value] = tagged(`${name}:value`);
		expect(record && canonical && value, 'record, canonical text and fingerprint').toBeTruthy();
		const content = parseJson(record!) as RecordContent;
		expect(canonicalRecord(content)).toBe(canonical!.body.trim());
		expect(await recordFingerprint(content)).toBe(value!.body.trim());
	});
});
