import { afterAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { closeDatabase, isTransientDatabaseError } from '$lib/server/db';
import { applyPush } from '$lib/server/sync';
import { GET as health } from '../../src/routes/api/health/+server';
import { POST as push } from '../../src/routes/api/sync/push/+server';
import { answerArgs, inspectionArgs } from './support/factories';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

/** Makes the n-th receipt insert fail as if the connection dropped just before commit. */
class ConnectionDropsAtReceipt implements KyselyPlugin {
	#seen = 0;
	constructor(readonly failAt: number) {}

	transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
		if (node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'mutation_receipts') {
			if (++this.#seen === this.failAt) throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
		}
		return node;
	}

	transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
		return Promise.resolve(result);
	}
}

describe.each(testDatabases)('database failures on $name', (kind) => {
	const ctx = useSyncContext(kind);

	it('a failure mid-batch leaves nothing of its transaction (the whole group), and a retry applies each mutation once', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const batch = [
			client.mutation('createInspection', inspection),
			client.mutation('answerItem', answerArgs(inspection.id, 'A1')),
			client.mutation('answerItem', answerArgs(inspection.id, 'A2'))
		];
		const changes = await ctx.countChanges();
		const counter = await ctx.db.selectFrom('sync_counter').select('value').executeTakeFirstOrThrow();

		// The group's receipts go in one insert after its writes (apply-push.ts): the first one fails.
		const flaky = ctx.db.withPlugin(new ConnectionDropsAtReceipt(1));
		const failure = await applyPush(flaky, client.actor, { clientId: client.clientId, mutations: batch }, { blobs: ctx.blobs }).catch(
			(e: unknown) => e
		);

		// The three share one transaction (apply-push.ts groups them): the create and the answers
		// written before the failing receipts are rolled back with them, change rows and counter alike.
		expect(isTransientDatabaseError(failure)).toBe(true);
		expect(await ctx.countChanges()).toBe(changes);
		const after = await ctx.db.selectFrom('sync_counter').select('value').executeTakeFirstOrThrow();
		expect(Number(after.value)).toBe(Number(counter.value));
		expect(await ctx.db.selectFrom('inspections').select('id').where('id', '=', inspection.id).execute()).toEqual([]);
		expect(await ctx.db.selectFrom('mutation_receipts').select('mutation_id').where('client_id', '=', client.clientId).execute()).toEqual(
			[]
		);

		const retry = await ctx.push(client, batch);
		expect(retry.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
		expect(retry.lastAppliedSeq).toBe(3);
		expect(await ctx.countChanges()).toBe(changes + 3);
	});
});

describe('an unreachable database', () => {
	const saved = process.env.DATABASE_URL;
	afterAll(async () => {
		await closeDatabase();
		if (saved === undefined) delete process.env.DATABASE_URL;
		else process.env.DATABASE_URL = saved;
	});

	it('answers 503 with Retry-After, so devices keep their queue and try again', async () => {
		await closeDatabase();
		// Port 1 on loopback: nothing listens there, the connection is refused at once.
		process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:1/nothing';
		const request = new Request('http://localhost/api/sync/push', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ clientId: '01a21122-f4ca-7a7e-a8df-9e55a50b9fd5', mutations: [] })
		});
		const actor = { userId: 'failures-inspector', role: 'inspector', provinceCode: null, unitCode: null };
		const event = (r: Request) => ({ request: r, params: {}, locals: { actor }, url: new URL(r.url) }) as never;

		const pushed = await push(event(request));
		expect(pushed.status).toBe(503);
		expect(pushed.headers.get('retry-after')).toBe('5');
		expect(await pushed.json()).toMatchObject({ error: { code: 'database_unavailable' } });
		expect((await health(event(new Request('http://localhost/api/health')))).status).toBe(503);
	});
});
