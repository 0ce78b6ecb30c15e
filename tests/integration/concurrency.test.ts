import { describe, expect, it } from 'vitest';
import { pullChanges, type PullResponse } from '$lib/server/sync';
import { answerArgs, inspectionArgs, itemIdAt } from './support/factories';
import { useSyncContext, type TestClient } from './support/sync-context';
import { testDatabases } from './support/test-databases';

/** A device's whole queue: one inspection and `count - 1` answers. */
function queueFor(client: TestClient, count: number) {
	const inspection = inspectionArgs();
	const mutations = [client.mutation('createInspection', inspection)];
	for (let i = 1; i < count; i++) {
		mutations.push(client.mutation('answerItem', answerArgs(inspection.id, itemIdAt(i))));
	}
	return mutations;
}

function batches<T>(items: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}

describe.each(testDatabases)('concurrent sync on $name', (kind) => {
	const ctx = useSyncContext(kind);

	it('many clients pushing at once all land exactly once', async () => {
		const clients = Array.from({ length: 10 }, () => ctx.newClient());
		const queues = clients.map((c) => queueFor(c, 50));
		const changesBefore = await ctx.countChanges();

		await Promise.all(
			clients.map(async (client, i) => {
				for (const batch of batches(queues[i]!, 10)) {
					const response = await ctx.push(client, batch);
					expect(response.results.every((r) => r.status === 'applied')).toBe(true);
					// The response was "lost": the device sends the same batch again.
					const replay = await ctx.push(client, batch);
					expect(replay.results).toEqual(response.results);
				}
			})
		);

		const ids = clients.map((c) => c.clientId);
		const receipts = await ctx.db.selectFrom('mutation_receipts').select(['client_id', 'seq']).where('client_id', 'in', ids).execute();
		expect(receipts).toHaveLength(500);
		const lastSeqs = await ctx.db.selectFrom('clients').select('last_seq').where('client_id', 'in', ids).execute();
		expect(lastSeqs.map((c) => c.last_seq)).toEqual(Array(10).fill(50));
		expect(await ctx.countChanges()).toBe(changesBefore + 500);
		const answers = await ctx.db.selectFrom('answers').select('item_id').execute();
		expect(answers.length).toBeGreaterThanOrEqual(490);
	});

	it('the pull cursor never skips a row under concurrent writers', async () => {
		const inspector = ctx.newInspector();
		const writers = Array.from({ length: 8 }, () => ctx.newClient(inspector));
		const { cursor: start } = await ctx.pullAll(inspector);

		let writing = true;
		const pulled: number[] = [];
		let pulls = 0;
		const reader = (async () => {
			let cursor = start;
			let page: PullResponse;
			do {
				page = await pullChanges(ctx.db, inspector, { cursor, limit: 7 });
				pulls++;
				pulled.push(...page.changes.map((c) => c.version));
				cursor = page.cursor;
				// Let the writers' transactions in between the reader's pulls.
				await new Promise((resolve) => setImmediate(resolve));
			} while (writing || page.hasMore);
			// One last pull after the writers finished: everything committed must now be seen.
			page = await pullChanges(ctx.db, inspector, { cursor, limit: 2000 });
			pulled.push(...page.changes.map((c) => c.version));
		})();

		await Promise.all(
			writers.map(async (client) => {
				for (const batch of batches(queueFor(client, 40), 5)) await ctx.push(client, batch);
			})
		);
		writing = false;
		await reader;

		const written = await ctx.db
			.selectFrom('changes')
			.select('version')
			.where('owner_user_id', '=', inspector.userId)
			.orderBy('version')
			.execute();
		expect(written).toHaveLength(8 * 40);
		expect(new Set(pulled).size).toBe(pulled.length);
		expect([...pulled].sort((a, b) => a - b)).toEqual(written.map((w) => Number(w.version)));
		expect(pulls).toBeGreaterThan(5);
	});
});
