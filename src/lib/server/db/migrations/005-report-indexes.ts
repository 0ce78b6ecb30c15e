/**
 * Indexes for the supervisor's list and reports (src/lib/server/reports, issue 6):
 *
 * - inspections (province_code, started_at, id): the province's records newest first, a page at
 *   a time, and the province's quarter as one range;
 * - inspections (started_at): the national quarter roll-up;
 * - inspections (province_code, status, unit_code, id): covering, so the overdue-findings joins
 *   never read the (wide) inspection rows;
 * - findings (inspection_id, critical, deadline, id): covering, so finding counts, critical
 *   counts, overdue checks and the overdue page are answered from the index alone.
 *
 * Indexes only: portable, and safe to add to a database of any size (no rewrite of rows).
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const reportIndexes: Migration = {
	async up(db: AnyDb) {
		await db.schema.createIndex('inspections_province_started').on('inspections').columns(['province_code', 'started_at', 'id']).execute();
		await db.schema.createIndex('inspections_started').on('inspections').column('started_at').execute();
		await db.schema
			.createIndex('inspections_province_status_cover')
			.on('inspections')
			.columns(['province_code', 'status', 'unit_code', 'id'])
			.execute();
		await db.schema
			.createIndex('findings_inspection_cover')
			.on('findings')
			.columns(['inspection_id', 'critical', 'deadline', 'id'])
			.execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropIndex('findings_inspection_cover').execute();
		await db.schema.dropIndex('inspections_province_status_cover').execute();
		await db.schema.dropIndex('inspections_started').execute();
		await db.schema.dropIndex('inspections_province_started').execute();
	}
};
