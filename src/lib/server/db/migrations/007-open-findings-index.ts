/**
 * Overdue counts read the finding's remediation status (006) besides its deadline: a fix
 * reported or verified is not overdue. This covering index replaces 005's
 * (inspection_id, critical, deadline, id) with the status in it, so finding counts, critical
 * counts and overdue checks are still answered from the index alone.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const openFindingsIndex: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createIndex('findings_inspection_status_cover')
			.on('findings')
			.columns(['inspection_id', 'status', 'critical', 'deadline', 'id'])
			.execute();
		await db.schema.dropIndex('findings_inspection_cover').execute();
	},

	async down(db: AnyDb) {
		await db.schema
			.createIndex('findings_inspection_cover')
			.on('findings')
			.columns(['inspection_id', 'critical', 'deadline', 'id'])
			.execute();
		await db.schema.dropIndex('findings_inspection_status_cover').execute();
	}
};
