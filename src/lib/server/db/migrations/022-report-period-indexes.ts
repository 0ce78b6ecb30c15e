/**
 * Periodic reports (issue 18): a unit's report and the "previous visit of this unit" lookup behind
 * repeat findings walk (unit_code, started_at); the planned visits of a period are counted on
 * (province_code, window_start). Both filter `kind` (018) on the rows they reach.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const reportPeriodIndexes: Migration = {
	async up(db: AnyDb) {
		await db.schema.createIndex('inspections_unit_started').on('inspections').columns(['unit_code', 'started_at', 'id']).execute();
		await db.schema.createIndex('inspections_province_window').on('inspections').columns(['province_code', 'window_start']).execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropIndex('inspections_province_window').execute();
		await db.schema.dropIndex('inspections_unit_started').execute();
	}
};
