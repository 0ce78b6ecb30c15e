import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrateToLatest, schemaVersion } from '$lib/server/db';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const tables = [
	'answers',
	'changes',
	'clients',
	'finding_drafts',
	'findings',
	'inspections',
	'mutation_receipts',
	'officers',
	'photos',
	'signatures',
	'sync_counter'
];

describe.each(testDatabases)('migrations on $name', (kind) => {
	const ctx = useSyncContext(kind, { migrate: false });

	it('run from an empty database to the latest schema, and again as a no-op', async () => {
		expect(await schemaVersion(ctx.db)).toBe(0);

		expect(await migrateToLatest(ctx.db)).toBe(latestSchemaVersion);
		const names = (await ctx.db.introspection.getTables()).map((t) => t.name);
		expect(names).toEqual(expect.arrayContaining(tables));
		const counter = await ctx.db.selectFrom('sync_counter').selectAll().execute();
		expect(counter).toEqual([{ id: 1, value: 0 }]);

		expect(await migrateToLatest(ctx.db)).toBe(latestSchemaVersion);
		expect(await ctx.db.selectFrom('sync_counter').selectAll().execute()).toHaveLength(1);
	});
});
