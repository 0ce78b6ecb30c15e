/**
 * The limits every JSON body meets before a handler sees it (readJsonBody), and a value the
 * database cannot store: each found by the fuzz test as a 5xx, pinned here by name.
 */
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import { closeDatabase, getDatabase, type Database } from '$lib/server/db';
import { POST as push } from '../../src/routes/api/sync/push/+server';
import { createCaller, routeEvent, type Caller } from './support/callers';
import { inspectionArgs, officerArgs } from './support/factories';
import { TestClient, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

describe.each(testDatabases)('input limits on $name', (kind) => {
	const ctx = useSyncContext(kind, { migrate: false });
	const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
	let db: Kysely<Database>;
	let inspector: Caller;

	beforeAll(async () => {
		if (kind.skipReason) return;
		process.env.DATA_DIR = join(ctx.fresh.dataDir, 'server');
		if (ctx.fresh.databaseUrl) process.env.DATABASE_URL = ctx.fresh.databaseUrl;
		else delete process.env.DATABASE_URL;
		db = (await getDatabase()).db;
		inspector = await createCaller(db, 'inspector', { provinceCode: 1 });
	});
	afterAll(async () => {
		await closeDatabase();
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	});

	async function send(body: BodyInit) {
		const request = { method: 'POST', path: '/api/sync/push', body, headers: { 'content-type': 'application/json' } };
		const response = await push((await routeEvent(db, '/api/sync/push', request, inspector)) as never);
		return {
			status: response.status,
			body: (await response.json()) as {
				error?: { code: string; field?: string; message: string };
				results?: { status: string; code?: string }[];
				lastAppliedSeq?: number;
			}
		};
	}

	it('refuses bodies nested past 64 levels, over 8 MiB, not UTF-8, or holding NUL — with 4xx, not a crash', async () => {
		const deep = await send(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
		expect([deep.status, deep.body.error?.code]).toEqual([400, 'invalid_json']);
		expect(deep.body.error?.message).toMatch(/64/);

		const huge = await send(JSON.stringify({ clientId: uuidv7(), mutations: [], pad: 'x'.repeat(9 * 1024 * 1024) }));
		expect([huge.status, huge.body.error?.code]).toEqual([413, 'body_too_large']);

		const latin1 = await send(new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]));
		expect([latin1.status, latin1.body.error?.code]).toEqual([400, 'invalid_json']);

		const nul = await send(JSON.stringify({ clientId: uuidv7(), mutations: [{ args: { note: 'a\u0000b' } }] }));
		expect(nul.status).toBe(400);
		expect(nul.body.error).toMatchObject({ code: 'invalid_request', field: 'mutations.0.args.note' });
	});

	it('a value the database cannot hold is one rejected mutation, and the queue goes on', async () => {
		const client = new TestClient(inspector.user);
		const inspection = inspectionArgs();
		// An officer's order past 2^31: PostgreSQL's integer column refuses it, SQLite stores it.
		const mutations = [
			client.mutation('createInspection', inspection),
			client.mutation('addOfficer', officerArgs(inspection.id, { order: 2 ** 31 })),
			client.mutation('addOfficer', officerArgs(inspection.id, { order: 1 }))
		];
		const { status, body } = await send(JSON.stringify({ clientId: client.clientId, mutations }));
		expect(status).toBe(200);
		const outOfRange = kind.name === 'postgres' ? 'rejected/invalid' : 'applied/';
		expect(body.results?.map((r) => `${r.status}/${r.code ?? ''}`)).toEqual(['applied/', outOfRange, 'applied/']);
		expect(body.lastAppliedSeq).toBe(3);
	});
});
