/**
 * Fuzz: ten thousand malformed and hostile requests to every endpoint (the same enumeration as
 * the authorization test: every `+server.ts` and method, so a new endpoint is fuzzed without an
 * edit here, and one without a line in apiRules or body-limits.ts fails), through
 * hooks.server.ts and the real handlers, as every role and signed out; a sixth of them are
 * pushes of one valid mutation on the inspector's own draft with one hostile value inside, the
 * only way into the handlers' database writes. Seeded: FUZZ_SEED=<n> replays a run;
 * FUZZ_REQUESTS=<n> changes its size (at least 10,000 is asserted, as issue 14 asks).
 *
 * What an answer may be:
 * - never 5xx, and a handler never throws;
 * - 4xx with a JSON body `{ error: { code, message } }`, `message` non-empty (HEAD answers have
 *   no body by HTTP's rules, so only their status counts);
 * - 413 for a body one byte past the endpoint's limit, and for any body sent to an endpoint
 *   that takes none (GET, HEAD, DELETE, logout) — or, when no length was declared, the 401/403
 *   of a caller the route refuses before it reads a byte;
 * - 2xx only where the hostile part is something the contract says is ignored: any request to
 *   an endpoint that reads no input (GET, HEAD, logout); unknown keys, `__proto__` and
 *   `constructor` included (schemas strip them), a wrong content-type label (bodies are JSON
 *   whatever the label) or unknown query parameters on an otherwise valid request; and a push
 *   whose framing is valid, whose answer is per mutation (each result checked: a known status,
 *   and a message on every one not applied); or when the changed body still satisfies the
 *   endpoint's own schema (free text replaced by other free text), for the endpoints whose
 *   schema this file knows. Any other 2xx means hostile input was accepted: a failure.
 * Afterwards: /api/health still answers ok, a normal push and pull still work, and no prototype
 * was polluted.
 */
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import { MUTATION_SCHEMA_VERSION } from '$lib/domain/protocol';
import { apiRules } from '$lib/domain/permissions';
import { bodyLimitOf, lacksBodyLimit } from '$lib/domain/protocol/body-limits';
import { planRequestSchema } from '$lib/domain/plans';
import type { z } from 'zod';
import { createSession, loginRequestSchema, passwordChangeSchema, SESSION_COOKIE } from '$lib/server/auth';
import { closeDatabase, getDatabase, type Database } from '$lib/server/db';
import { applyPush } from '$lib/server/sync';
import { handle } from '../../src/hooks.server';
import { createCaller, routeEvent, type Caller, type RouteRequest } from './support/callers';
import { answerArgs, inspectionArgs, jpegImage, officerArgs, submitArgs } from './support/factories';
import {
	absurdParam,
	absurdQuery,
	brokenJson,
	deepArray,
	deepObject,
	hostileValue,
	invalidUtf8,
	ONE_MB,
	pathsOf,
	protoPolluted,
	Rng,
	withAt
} from './support/fuzz-inputs';
import { discoverEndpoints, pathFor, type Endpoint } from './support/routes';
import { TestClient, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const endpoints = await discoverEndpoints();
const SEED = Number(process.env.FUZZ_SEED ?? 20251125);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
/**
 * Of those, pushes whose framing is valid and whose one mutation, aimed at a draft the inspector
 * owns, carries a hostile value: the only way past authorization into the handlers' writes.
 */
const DEEP_PUSHES = Math.round(REQUESTS / 6);

const bodyStrategies = [
	'wrongTypes',
	'hugeString',
	'deepNesting',
	'protoKeys',
	'wrongContentType',
	'emptyBody',
	'binaryGarbage',
	'invalidUtf8',
	'brokenJson',
	'absurdQuery',
	'absurdParams',
	'hostileHeaders'
] as const;
/** For endpoints that take no body (body-limits.ts): their query, params and headers, or a body they must refuse unread. */
const noBodyStrategies = ['absurdQuery', 'absurdParams', 'hostileHeaders', 'unwantedBody'] as const;
type Strategy = (typeof bodyStrategies)[number] | (typeof noBodyStrategies)[number] | 'oversized' | 'hostileMutation';
/**
 * Strategies whose right answer is 413: a body past the endpoint's limit, or any body where it
 * takes none. Without a declared length the route may first refuse a caller it will not serve
 * (401/403), which reads no byte either.
 */
const mustBeTooLarge: readonly Strategy[] = ['oversized', 'unwantedBody'];
const undeclared = (request: RouteRequest) => request.headers?.['content-length'] === undefined;
const refusedCaller = (status: number) => status === 401 || status === 403;

/** Strategies after which a 2xx is still the right answer (see the header). */
const harmlessStrategies: readonly Strategy[] = ['protoKeys', 'wrongContentType', 'absurdQuery'];
const takesNoBody = (e: Endpoint) => bodyLimitOf(e.key) === 0;
const readsNoInput = (e: Endpoint) => e.method === 'GET' || e.method === 'HEAD' || e.key === 'POST /api/auth/logout';

type Sample = { kind: 'json'; value: unknown } | { kind: 'bytes'; bytes: Uint8Array<ArrayBuffer> };

/** Endpoints whose input schema this test knows: a broken value may still happen to be valid. */
const schemas: Partial<Record<string, z.ZodType>> = {
	'POST /api/plans/inspections': planRequestSchema,
	'POST /api/auth/login': loginRequestSchema,
	'POST /api/auth/password': passwordChangeSchema
};

/** True when the body sent is valid input after all (a free-text field got other free text). */
function bodyStillValid(endpoint: Endpoint, body: BodyInit | null): boolean {
	const schema = schemas[endpoint.key];
	if (!schema || typeof body !== 'string') return false;
	try {
		return schema.safeParse(JSON.parse(body)).success;
	} catch {
		return false;
	}
}

/**
 * Both databases, each with the full 10,000, although it doubles the time: PostgreSQL refuses
 * values SQLite stores (an integer past 2^31, a NUL character), so some 5xx exist on one database
 * only. Measured (December 2026, two cores shared with other jobs): 22–24 s of CPU for both runs
 * together; per database 20–26 s of wall time at a load average of 11, 53–70 s at 18 — within
 * the file's timeout either way, so PostgreSQL keeps the full count.
 */
const fuzzDatabases = testDatabases;

describe.each(fuzzDatabases)('fuzzing every endpoint on $name', (kind) => {
	const ctx = useSyncContext(kind, { migrate: false });
	const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
	let db: Kysely<Database>;
	const callers: Record<string, Caller> = {};
	/** The inspector's open draft that deep pushes aim at, so they get past ownership. */
	const draft = inspectionArgs();
	const officer = officerArgs(draft.id);
	const cookies: Record<string, string> = {};

	beforeAll(async () => {
		if (kind.skipReason) return;
		process.env.DATA_DIR = join(ctx.fresh.dataDir, 'server');
		if (ctx.fresh.databaseUrl) process.env.DATABASE_URL = ctx.fresh.databaseUrl;
		else delete process.env.DATABASE_URL;
		db = (await getDatabase()).db;
		callers.admin = await createCaller(db, 'admin', { provinceCode: 1 });
		callers.supervisor = await createCaller(db, 'supervisor', { provinceCode: 1 });
		callers.inspector = await createCaller(db, 'inspector', { provinceCode: 1 });
		callers.ward = await createCaller(db, 'ward', { provinceCode: 1, unitCode: 70 });
		for (const [role, caller] of Object.entries(callers)) cookies[role] = (await createSession(db, caller.user.userId)).token;
		const client = new TestClient(callers.inspector.user);
		const response = await applyPush(db, client.actor, {
			clientId: client.clientId,
			mutations: [client.mutation('createInspection', draft), client.mutation('addOfficer', officer)]
		});
		expect(response.results.map((r) => r.status)).toEqual(['applied', 'applied']);
	});
	afterAll(async () => {
		await closeDatabase();
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	});

	const envelope = (name: string, args: unknown) => ({
		mutationId: uuidv7(),
		seq: 1,
		schemaVersion: MUTATION_SCHEMA_VERSION,
		createdAt: new Date().toISOString(),
		name,
		args
	});

	/** A valid request body for the endpoint, to be broken; `{}` for endpoints this file does not know. */
	function sampleFor(endpoint: Endpoint, rng: Rng): Sample {
		const id = uuidv7();
		switch (endpoint.key) {
			case 'POST /api/auth/login':
				return { kind: 'json', value: { username: 'khong-co-ai', password: 'sai-mat-khau-roi' } };
			case 'POST /api/auth/password':
				return { kind: 'json', value: { currentPassword: 'sai-mat-khau-roi', newPassword: 'mat-khau-moi-2025' } };
			case 'PUT /api/blobs/[sha256]':
				return { kind: 'bytes', bytes: jpegImage(256).bytes };
			case 'POST /api/plans/inspections':
				return {
					kind: 'json',
					value: {
						id,
						unit: { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' },
						windowStart: '2025-12-01',
						windowEnd: '2025-12-05',
						assignedInspectorIds: [callers.inspector!.user.userId],
						basis: 'Kế hoạch 1/KH'
					}
				};
			case 'POST /api/sync/push': {
				const mutation = rng.pick([
					() => envelope('createInspection', inspectionArgs()),
					() => envelope('answerItem', answerArgs(id, 'A1')),
					() => envelope('addOfficer', officerArgs(id)),
					() => envelope('updateInspectionHeader', { inspectionId: id, patch: { basis: 'x', unit: inspectionArgs().unit } }),
					() => envelope('submitInspection', submitArgs(id)),
					() => envelope('holdSections', { inspectionId: id, sectionIds: ['A'], userId: null })
				])();
				return { kind: 'json', value: { clientId: uuidv7(), mutations: [mutation] } };
			}
			default:
				return { kind: 'json', value: {} };
		}
	}

	/** A push of one valid mutation on the inspector's draft, and the paths into its arguments. */
	function deepPushSample(rng: Rng): { value: unknown; paths: (string | number)[][] } {
		const mutation = rng.pick([
			() =>
				envelope(
					'answerItem',
					answerArgs(draft.id, 'A1', { kind: 'count', numerator: 1, denominator: 2 }, { officerId: officer.id, note: 'ghi chú' })
				),
			() => envelope('addOfficer', officerArgs(draft.id)),
			() => envelope('updateOfficer', { ...officer, name: 'Tên khác' }),
			() =>
				envelope('updateInspectionHeader', {
					inspectionId: draft.id,
					patch: {
						basis: 'x',
						unit: draft.unit,
						team: draft.team,
						position: { lat: 21, lng: 105, accuracyM: 5, capturedAt: new Date().toISOString() }
					}
				}),
			() => envelope('setFindingDraft', { inspectionId: draft.id, itemId: 'A1', recommendation: 'Bổ sung', deadline: '2026-01-31' }),
			() =>
				envelope('signInspection', {
					refused: true,
					inspectionId: draft.id,
					role: 'unit_rep',
					signerName: 'Trần Thị Bình',
					signerPosition: '',
					refusalReason: 'Không đồng ý',
					signedAt: new Date().toISOString()
				}),
			() => envelope('createInspection', inspectionArgs()),
			// One record, several phones (issue 17): the team's intents and an answer's basis.
			() =>
				envelope(
					'answerItem',
					answerArgs(
						draft.id,
						'A3',
						{ kind: 'pass', result: 'fail' },
						{ basedOn: { answeredBy: callers.inspector!.user.userId, answeredAt: new Date().toISOString() } }
					)
				),
			() => envelope('holdSections', { inspectionId: draft.id, sectionIds: ['A', 'B'], userId: callers.supervisor!.user.userId }),
			() =>
				envelope('resolveAnswerConflict', {
					inspectionId: draft.id,
					itemId: 'A1',
					officerId: officer.id,
					chosen: { answeredBy: callers.inspector!.user.userId, answeredAt: new Date().toISOString() }
				}),
			() => envelope('handInPart', { inspectionId: draft.id, handedInAt: new Date().toISOString() }),
			() => envelope('releaseMember', { inspectionId: draft.id, userId: callers.supervisor!.user.userId, reason: 'Không liên lạc được' }),
			// Exit interviews (issue 19): answers, facts and free text against the pinned questionnaire.
			() =>
				envelope('recordInterview', {
					interviewId: uuidv7(),
					inspectionId: draft.id,
					questionnaireId: 'phong-van-nguoi-dan',
					questionnaireVersion: '2026.1',
					answers: { Q1: 5, Q4: 'yes', Q11: 'Phải chờ lâu' },
					facts: { firstVisit: 'again' },
					takenAt: new Date().toISOString()
				}),
			() => envelope('removeInterview', { inspectionId: draft.id, interviewId: uuidv7() }),
			() =>
				envelope('updateInspectionHeader', {
					inspectionId: draft.id,
					patch: { team: [...draft.team, { userId: callers.supervisor!.user.userId, name: 'Giám sát', role: 'thanh_vien' }] }
				})
		])();
		const value = { clientId: uuidv7(), mutations: [mutation] };
		return { value, paths: pathsOf(value).filter((p) => p[0] === 'mutations' && p.length > 2) };
	}

	const textOf = (s: Sample) => (s.kind === 'json' ? JSON.stringify(s.value) : '{}');

	interface Breakage {
		body?: BodyInit | null;
		contentType?: string;
		query?: string;
		params?: boolean;
		headers?: Record<string, string>;
	}

	/** Breaks the sample one way. Returns the request parts that differ from a valid request. */
	function broken(strategy: Strategy, endpoint: Endpoint, sample: Sample, rng: Rng): Breakage {
		const valid = textOf(sample);
		where = '';
		const replaceSomewhere = (replacement: unknown): string => {
			if (sample.kind !== 'json') return JSON.stringify(replacement);
			const paths = pathsOf(sample.value);
			if (paths.length === 0 || rng.int(8) === 0) return JSON.stringify(replacement);
			const path = rng.pick(paths);
			where = path.join('.');
			return JSON.stringify(withAt(sample.value, path, replacement));
		};
		switch (strategy) {
			case 'wrongTypes':
				return { body: replaceSomewhere(rng.int(6) === 0 ? undefined : hostileValue(rng)) };
			case 'hugeString':
				return { body: replaceSomewhere('x'.repeat(ONE_MB)) };
			case 'deepNesting': {
				const deep = rng.int(2) === 0 ? deepArray(10_000) : deepObject(10_000);
				return { body: rng.int(2) === 0 ? deep : replaceSomewhere('__DEEP__').replace('"__DEEP__"', deep) };
			}
			case 'protoKeys':
				return { body: sample.kind === 'json' ? protoPolluted(valid) : sample.bytes };
			case 'wrongContentType': {
				const contentType = rng.pick([
					'text/plain',
					'application/x-www-form-urlencoded',
					'multipart/form-data; boundary=x',
					'application/xml',
					'application/json; charset=latin1',
					'image/png'
				]);
				const body = rng.int(3) === 0 ? 'a=1&b=%ZZ&__proto__[x]=1' : sample.kind === 'json' ? valid : sample.bytes;
				return { body, contentType };
			}
			case 'emptyBody':
				return { body: rng.pick(['', '   ', 'null', '[]', '0', '""', 'true', null]) };
			case 'binaryGarbage':
				return { body: rng.bytes(rng.int(65_536)), contentType: 'application/octet-stream' };
			case 'invalidUtf8':
				return { body: invalidUtf8(rng, valid) };
			case 'brokenJson':
				return { body: brokenJson(rng, valid) };
			case 'absurdQuery':
				return { query: absurdQuery(rng) };
			case 'absurdParams':
				return { params: true };
			case 'hostileHeaders':
				return rng.pick<Breakage>([
					{ headers: { cookie: `${SESSION_COOKIE}=${'A'.repeat(43)}` } },
					{ headers: { cookie: `${SESSION_COOKIE}=${'x'.repeat(8000)}; ${SESSION_COOKIE}=2` } },
					{ headers: { origin: 'https://ke-gian.example' } },
					{ headers: { 'sec-fetch-site': 'cross-site' } },
					{ headers: { cookie: `${SESSION_COOKIE}=%E0%A4%A` } }
				]);
			case 'oversized': {
				// One byte past the endpoint's limit, as JSON that would otherwise parse.
				const head = '{"clientId":"x","mutations":[],"pad":"';
				const body = `${head}${'x'.repeat(bodyLimitOf(endpoint.key) + 1 - head.length - 2)}"}`;
				// With its length declared (as adapter-node passes it) half the time: refused by hooks.server.ts.
				return rng.int(2) === 0 ? { body, headers: { 'content-length': String(body.length) } } : { body };
			}
			case 'unwantedBody':
				// GET and HEAD requests cannot carry one here (fetch's Request refuses): the length says it.
				return ['GET', 'HEAD'].includes(endpoint.method)
					? { headers: { 'content-length': String(1 + rng.int(ONE_MB)) } }
					: { body: rng.pick([valid, '{}', 'x'.repeat(rng.int(65_536) + 1)]) };
			case 'hostileMutation':
				return {}; // built by the caller, which knows the draft
		}
	}

	/** The field the last `broken` call changed, for failure messages. */
	let where = '';

	interface Tally {
		total: number;
		byStatus: Map<number, number>;
	}

	it('fuzzes every endpoint, each with its line in apiRules and in body-limits.ts', () => {
		const keys = endpoints.map((e) => e.key);
		expect(
			keys.filter((key) => !(key in apiRules)),
			'add a line for each to apiRules in src/lib/domain/permissions.ts'
		).toEqual([]);
		expect(keys.filter(lacksBodyLimit), 'add a line for each to bodyLimits in src/lib/domain/protocol/body-limits.ts').toEqual([]);
	});

	it(`answers ${REQUESTS} malformed or hostile requests with 4xx and a message, never 5xx`, async () => {
		const rng = new Rng(SEED);
		const roles = [null, 'admin', 'supervisor', 'inspector', 'ward'] as const;
		const tallies = new Map<string, Tally>(endpoints.map((e) => [e.key, { total: 0, byStatus: new Map() }]));
		const byStrategy = new Map<string, number>();
		const failures: string[] = [];
		let twoxx = 0;

		const pushEndpoint = endpoints.find((e) => e.key === 'POST /api/sync/push')!;
		for (let i = 0; i < REQUESTS; i++) {
			const deep = i >= REQUESTS - DEEP_PUSHES;
			const endpoint = deep ? pushEndpoint : endpoints[i % endpoints.length]!;
			const role = deep ? 'inspector' : rng.pick(roles);
			const hasBody = !takesNoBody(endpoint);
			const choices = (hasBody ? bodyStrategies : noBodyStrategies).filter((s) => s !== 'absurdParams' || endpoint.params.length > 0);
			// Bodies one byte past the limit: one request in 50 (the largest are 8 MiB).
			const strategy: Strategy = deep ? 'hostileMutation' : hasBody && i % 50 === 7 ? 'oversized' : rng.pick<Strategy>(choices);
			const sample = sampleFor(endpoint, rng);
			let change = broken(strategy, endpoint, sample, rng);
			if (deep) {
				const { value, paths } = deepPushSample(rng);
				const path = rng.pick(paths);
				where = path.join('.');
				change = { body: JSON.stringify(withAt(value, path, rng.int(8) === 0 ? undefined : hostileValue(rng))) };
			}

			const params = Object.fromEntries(endpoint.params.map((p) => [p, change.params ? absurdParam(rng) : '0'.repeat(64)]));
			const headers: Record<string, string> = {};
			if (role) {
				// Logout ends the session it is sent with: give it one of its own.
				const token =
					endpoint.key === 'POST /api/auth/logout' ? (await createSession(db, callers[role]!.user.userId)).token : cookies[role]!;
				headers.cookie = `${SESSION_COOKIE}=${token}`;
			}
			if (hasBody || change.body !== undefined) headers['content-type'] = change.contentType ?? 'application/json';
			Object.assign(headers, change.headers);
			const request: RouteRequest = {
				method: endpoint.method,
				path: pathFor(endpoint.routeId, params) + (change.query ?? ''),
				params,
				headers,
				body: hasBody ? (change.body === undefined ? (sample.kind === 'json' ? textOf(sample) : sample.bytes) : change.body) : change.body
			};

			let status: number;
			let response: Response | null = null;
			const label = () => `#${i} ${endpoint.key} as ${role ?? 'signed out'} with ${strategy}${where ? ` at ${where}` : ''}`;
			try {
				const event = await routeEvent(db, endpoint.routeId, request, null, false);
				response = await handle({ event: event as never, resolve: (e) => endpoint.handler(e as never) });
				status = response.status;
			} catch (error) {
				status = 500;
				failures.push(`${label()}: threw ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`);
			}
			const tally = tallies.get(endpoint.key)!;
			tally.total++;
			tally.byStatus.set(status, (tally.byStatus.get(status) ?? 0) + 1);
			byStrategy.set(strategy, (byStrategy.get(strategy) ?? 0) + 1);
			if (!response) continue;

			if (status >= 500) {
				failures.push(`${label()}: ${status} ${(await response.text()).slice(0, 200)}`);
			} else if (mustBeTooLarge.includes(strategy) && status !== 413 && !(undeclared(request) && refusedCaller(status))) {
				failures.push(`${label()}: ${status} instead of 413 ${(await response.text()).slice(0, 200)}`);
			} else if (status >= 400) {
				if (endpoint.method === 'HEAD') continue;
				const text = await response.text();
				let error: { code?: unknown; message?: unknown } = {};
				try {
					error = (JSON.parse(text) as { error?: typeof error }).error ?? {};
				} catch {
					// not JSON: reported below
				}
				const { code, message } = error;
				if (typeof code !== 'string' || typeof message !== 'string' || message.trim() === '') {
					failures.push(`${label()}: ${status} without error.code and error.message: ${text.slice(0, 200)}`);
				}
			} else {
				twoxx++;
				const stillValid = request.body !== undefined && bodyStillValid(endpoint, request.body);
				const harmless =
					readsNoInput(endpoint) || endpoint.key === 'POST /api/sync/push' || harmlessStrategies.includes(strategy) || stillValid;
				if (!harmless) failures.push(`${label()}: accepted with ${status}`);
				if (endpoint.key === 'POST /api/sync/push' && status === 200) {
					const { results } = (await response.json()) as { results: { status: string; message?: string }[] };
					for (const r of results) {
						const known = ['applied', 'rejected', 'conflict', 'deferred'].includes(r.status);
						if (!known || (r.status !== 'applied' && !r.message))
							failures.push(`${label()}: push result ${JSON.stringify(r).slice(0, 200)}`);
					}
				} else await response.arrayBuffer();
			}
		}

		const lines = [...tallies].map(([key, t]) => {
			const statuses = [...t.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
			return `  ${key.padEnd(40)} ${String(t.total).padStart(5)}  ${statuses.join(' ')}`;
		});
		const total = [...tallies.values()].reduce((n, t) => n + t.total, 0);
		console.log(
			[
				`[fuzz] ${kind.name}, seed ${SEED}: ${total} requests to ${endpoints.length} endpoints; ${twoxx} harmless 2xx, ${total - twoxx - failures.length} refused with 4xx, ${failures.length} failures`,
				...lines,
				`  by strategy: ${[...byStrategy].map(([s, n]) => `${s} ${n}`).join(', ')}`
			].join('\n')
		);
		expect(total).toBeGreaterThanOrEqual(10_000);
		expect(failures.slice(0, 30), `${failures.length} bad answers; replay with FUZZ_SEED=${SEED}`).toEqual([]);
	});

	it('is still healthy afterwards: health, a normal push and pull, no polluted prototype', async () => {
		const call = async (endpointKey: string, request: RouteRequest, role: string | null) => {
			const endpoint = endpoints.find((e) => e.key === endpointKey)!;
			const headers = { ...request.headers, ...(role ? { cookie: `${SESSION_COOKIE}=${cookies[role]}` } : {}) };
			const event = await routeEvent(db, endpoint.routeId, { ...request, headers }, null, false);
			return handle({ event: event as never, resolve: (e) => endpoint.handler(e as never) });
		};
		const health = await call('GET /api/health', { method: 'GET', path: '/api/health' }, null);
		expect(health.status).toBe(200);
		expect(await health.json()).toMatchObject({ ok: true });

		const clientId = uuidv7();
		const inspection = inspectionArgs();
		const body = JSON.stringify({ clientId, mutations: [envelope('createInspection', inspection)] });
		const pushed = await call(
			'POST /api/sync/push',
			{ method: 'POST', path: '/api/sync/push', body, headers: { 'content-type': 'application/json' } },
			'inspector'
		);
		expect(pushed.status).toBe(200);
		expect(await pushed.json()).toMatchObject({ results: [{ status: 'applied' }], lastAppliedSeq: 1 });
		const pulled = await call(
			'GET /api/sync/pull',
			{ method: 'GET', path: `/api/sync/pull?cursor=0&limit=2000&clientId=${clientId}` },
			'inspector'
		);
		expect(pulled.status).toBe(200);
		const page = (await pulled.json()) as { changes: { entityId: string }[]; lastAppliedSeq: number };
		expect(page.lastAppliedSeq).toBe(1);

		const probe = {} as Record<string, unknown>;
		expect([probe.polluted, probe.role, Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')]).toEqual([
			undefined,
			undefined,
			false
		]);
	});
});
