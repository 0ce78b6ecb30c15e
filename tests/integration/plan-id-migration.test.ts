/**
 * Migration 021 (docs/plans.md): a visit a draw made before the plan_id column existed gets its
 * plan from its document; a visit planned one by one and a record started on site stay without.
 */
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import { migrateToLatest } from '$lib/server/db';
import { migrations } from '$lib/server/db/migrations';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

describe.each(testDatabases)('migration 021 on $name', (kind) => {
	const ctx = useSyncContext(kind, { migrate: false });

	it('fills plan_id from the documents of drawn visits only', async () => {
		const migrator = new Migrator({ db: ctx.db, provider: { getMigrations: () => Promise.resolve(migrations) } });
		expect((await migrator.migrateTo('018-inspection-kind')).error).toBeUndefined();

		const planId = uuidv7();
		const row = (id: string, plan: object | null) => ({
			id,
			status: plan ? 'planned' : 'draft',
			owner_user_id: 'u',
			unit_code: 70,
			province_code: 1,
			template_id: 'default',
			template_version: '1',
			created_at: '2026-01-10T00:00:00Z',
			started_at: '2026-01-10T00:00:00+07:00',
			ended_at: null,
			submitted_at: null,
			window_start: plan ? '2026-01-10' : null,
			window_end: plan ? '2026-03-31' : null,
			published_version: null,
			record_number: null,
			record_year: null,
			data: JSON.stringify({ id, ...(plan && { plan }) }),
			version: 1,
			updated_at: '2026-01-10T00:00:00Z'
		});
		const drawn = uuidv7();
		const oneByOne = uuidv7();
		const onSite = uuidv7();
		await ctx.db
			.insertInto('inspections')
			.values([
				row(drawn, { windowStart: '2026-01-10', windowEnd: '2026-03-31', assignedInspectorIds: [], planId, drawId: uuidv7() }),
				row(oneByOne, { windowStart: '2026-01-10', windowEnd: '2026-03-31', assignedInspectorIds: [] }),
				row(onSite, null)
			])
			.execute();

		await migrateToLatest(ctx.db);
		const rows = await ctx.db.selectFrom('inspections').select(['id', 'plan_id']).execute();
		expect(Object.fromEntries(rows.map((r) => [r.id, r.plan_id]))).toEqual({ [drawn]: planId, [oneByOne]: null, [onSite]: null });
	});
});
