/**
 * The plan a visit was drawn for (issue 16, must-show 6; docs/plans.md): a column, so the
 * supervisor's view of a plan finds its visits on an index instead of parsing every record's
 * JSON. Null for a visit made outside any plan and for one planned one by one through
 * POST /api/plans/inspections. Filled from the documents' `plan.planId` for the visits a draw
 * made before this migration.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const inspectionPlan: Migration = {
	async up(db: AnyDb) {
		await db.schema.alterTable('inspections').addColumn('plan_id', 'text').execute();
		await db.schema.createIndex('inspections_plan').on('inspections').column('plan_id').execute();
		// Only planned visits carry a window; a draw's visits are among them.
		const rows: { id: string; data: string }[] = await db
			.selectFrom('inspections')
			.select(['id', 'data'])
			.where('window_start', 'is not', null)
			.execute();
		for (const row of rows) {
			const planId = (JSON.parse(row.data) as { plan?: { planId?: unknown } }).plan?.planId;
			if (typeof planId !== 'string') continue;
			await db.updateTable('inspections').set({ plan_id: planId }).where('id', '=', row.id).execute();
		}
	},

	async down(db: AnyDb) {
		await db.schema.dropIndex('inspections_plan').execute();
		await db.schema.alterTable('inspections').dropColumn('plan_id').execute();
	}
};
