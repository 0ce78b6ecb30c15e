/**
 * Four app instances behind one PostgreSQL behave as one server (issue 21, must-show 4): the real
 * built server, four times, on one fresh database, all started at the same moment (migrations and
 * the demo seed must not trip over each other), with requests spread over them as a round-robin
 * proxy would:
 *
 * - a session made on one instance works on the others, and ends on all when signed out on one;
 * - failed sign-ins spread over the instances are held back as if they all went to one;
 * - a template version published through one is offered, and accepted as a record's pin, by the
 *   others at once (they had already refused it as a draft: their caches must not remember that);
 * - a citizen's answers spread over the instances meet one per-client limit.
 *
 * Each of these fails when its state lives in one process's memory. PostgreSQL only (SQLite is one
 * process by design); needs a fresh `npm run build`, like the chaos test beside it.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDate } from '$lib/domain/dates';
import { CLIENT_LIMIT } from '$lib/domain/feedback-point';
import { uuidv7 } from '$lib/domain/ids';
import { MUTATION_SCHEMA_VERSION } from '$lib/domain/protocol';
import { defaultTemplate } from '$lib/templates';
import { inspectionArgs } from '../integration/support/factories';
import { createFreshDatabase, testDatabases, type FreshDatabase } from '../integration/support/test-databases';
import { ServerProcess, copyBuild, freeLoopbackPort } from './server-process';

const postgres = testDatabases.find((k) => k.name === 'postgres')!;

interface Answer {
	status: number;
	body: Record<string, unknown>;
	headers: Headers;
}

/** One request to one instance, with the session cookie when there is one. */
async function call(
	server: ServerProcess,
	method: string,
	path: string,
	options: { cookie?: string; json?: unknown } = {}
): Promise<Answer> {
	const headers: Record<string, string> = {};
	if (options.cookie) headers.cookie = options.cookie;
	if (options.json !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(`${server.url}${path}`, {
		method,
		headers,
		body: options.json === undefined ? undefined : JSON.stringify(options.json),
		signal: AbortSignal.timeout(15_000)
	});
	const text = await response.text();
	return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
}

async function signIn(server: ServerProcess, username: string, password: string): Promise<string> {
	const answer = await call(server, 'POST', '/api/auth/login', { json: { username, password } });
	expect(answer.status).toBe(200);
	const cookie = answer.headers.getSetCookie()[0]?.split(';')[0];
	if (!cookie) throw new Error('login answered without a cookie');
	return cookie;
}

/** Two would show it; four is what the capacity bench runs, and a proxy's rotation is never just A, B. */
const INSTANCES = 4;

describe.skipIf(postgres.skipReason !== null)(`${INSTANCES} app instances on one PostgreSQL`, () => {
	let build: ReturnType<typeof copyBuild>;
	let fresh: FreshDatabase;
	const servers: ServerProcess[] = [];
	/** The instance a round-robin proxy would pick for the `i`-th request. */
	const nth = (i: number) => servers[i % servers.length]!;

	beforeAll(async () => {
		build = copyBuild();
		fresh = await createFreshDatabase('postgres');
		const instance = async (n: number) =>
			new ServerProcess({
				buildDir: build.dir,
				port: await freeLoopbackPort(),
				// One shared DATA_DIR, as two machines mounting one volume for photos.
				dataDir: join(fresh.dataDir, 'server'),
				databaseUrl: fresh.databaseUrl,
				logFile: join(fresh.dataDir, `instance-${n}.log`)
			});
		for (let n = 1; n <= INSTANCES; n++) servers.push(await instance(n));
		// Together: all migrate (one holds the lock, the others wait and find nothing to do) and
		// all try to seed the demo.
		await Promise.all(servers.map((s) => s.start()));
	});

	afterAll(async () => {
		await Promise.all(servers.map((s) => s.stop()));
		expect(servers.reduce((n, s) => n + s.unexpectedExits, 0)).toBe(0);
		await fresh?.destroy();
		build?.dispose();
	});

	it('a session made on one instance works on the others, and signing out on one ends it on all', async () => {
		const cookie = await signIn(nth(0), 'kiemtra', 'demo-kiemtra-2025');
		for (let i = 1; i < INSTANCES; i++) {
			expect(await call(nth(i), 'GET', '/api/auth/me', { cookie })).toMatchObject({ status: 200, body: { user: { username: 'kiemtra' } } });
		}
		expect((await call(nth(1), 'POST', '/api/auth/logout', { cookie })).status).toBeLessThan(300);
		for (let i = 0; i < INSTANCES; i++) expect((await call(nth(i), 'GET', '/api/auth/me', { cookie })).status).toBe(401);
	});

	it('failed sign-ins spread over the instances are held back as one', async () => {
		// The pair limit lets five wrong passwords through from one address; these go round.
		const wrong = { username: 'giamsat', password: 'not-the-password' };
		const statuses = [];
		for (let i = 0; i < 5; i++) statuses.push((await call(nth(i), 'POST', '/api/auth/login', { json: wrong })).status);
		expect(statuses).toEqual([401, 401, 401, 401, 401]);
		// No instance saw more than two: the sixth is refused, on any of them, because the count is shared.
		const right = { username: 'giamsat', password: 'demo-giamsat-2025' };
		for (let i = 0; i < INSTANCES; i++) {
			const held = await call(nth(i), 'POST', '/api/auth/login', { json: i % 2 ? wrong : right });
			expect(held).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
			expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
		}
	});

	it('a template version published through one instance is offered and accepted by the others at once', async () => {
		const admin = await signIn(nth(0), 'admin', 'demo-admin-2025');
		const inspector = await signIn(nth(1), 'kiemtra', 'demo-kiemtra-2025');
		const drafted = await call(nth(0), 'POST', '/api/admin/templates/drafts', {
			cookie: admin,
			json: { from: { templateId: defaultTemplate.id, version: defaultTemplate.version }, version: '2026.9-hn' }
		});
		expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
		const { templateId, version } = drafted.body.version as { templateId: string; version: string };

		const clientId = uuidv7();
		let seq = 1;
		const pushPinned = (server: ServerProcess) =>
			call(server, 'POST', '/api/sync/push', {
				cookie: inspector,
				json: {
					clientId,
					mutations: [
						{
							mutationId: uuidv7(),
							seq: seq++,
							schemaVersion: MUTATION_SCHEMA_VERSION,
							createdAt: new Date().toISOString(),
							name: 'createInspection',
							args: inspectionArgs({ templateId, templateVersion: version })
						}
					]
				}
			});
		// A draft is never pinnable: every other instance looks it up and refuses.
		for (let i = 1; i < INSTANCES; i++) {
			expect(await pushPinned(nth(i))).toMatchObject({
				status: 200,
				body: { results: [{ status: 'rejected', code: 'unknown_template' }] }
			});
		}

		const published = await call(nth(0), 'POST', `/api/admin/templates/${templateId}/${version}/publish`, {
			cookie: admin,
			json: { effectiveFrom: vietnamDate() }
		});
		expect(published.status).toBe(200);
		for (let i = 1; i < INSTANCES; i++) {
			const offered = await call(nth(i), 'GET', '/api/templates', { cookie: inspector });
			const versions = (offered.body.versions as { templateId: string; version: string }[]).map((t) => `${t.templateId}@${t.version}`);
			expect(versions).toContain(`${templateId}@${version}`);
			expect(await pushPinned(nth(i))).toMatchObject({ status: 200, body: { results: [{ status: 'applied' }] } });
		}
	});

	it('a citizen’s answers spread over the instances meet one limit', async () => {
		const ward = await signIn(nth(0), 'phuong', 'demo-phuong-2025');
		const made = await call(nth(0), 'POST', '/api/feedback-points', { cookie: ward, json: { unitCode: 70 } });
		expect(made.status).toBe(201);
		const { token } = made.body.point as { token: string };
		const answer = () => ({
			submissionId: randomUUID(),
			questionnaireId: 'phong-van-nguoi-dan',
			questionnaireVersion: '2026.1',
			answers: { Q1: 4, Q3: 5, Q4: 'no' },
			facts: {}
		});
		const statuses = [];
		for (let i = 0; i <= CLIENT_LIMIT.max; i++)
			statuses.push((await call(nth(i), 'POST', `/api/feedback/${token}`, { json: answer() })).status);
		// Ten stored over the instances; the eleventh refused though no instance saw more than three.
		expect(statuses.slice(0, CLIENT_LIMIT.max).every((s) => s === 201)).toBe(true);
		expect(statuses[CLIENT_LIMIT.max]).toBe(429);
	});
});
