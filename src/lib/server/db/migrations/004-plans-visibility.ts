/**
 * Planned inspections and who receives what (issue 4). Numbered after 003-active-units.
 *
 * - `inspections.window_start` / `window_end`: the date window of a planned visit (ISO dates).
 * - `inspections.published_version`: the first change-log version of the snapshot written when
 *   the record was published to its ward (approval). Wards receive only changes from this
 *   version on, so a record's draft history never reaches them. Null: not published.
 * - `inspection_assignments`: the inspectors a supervisor assigned to a planned visit; pull
 *   sends a planned record to them as well as to its province's supervisors.
 *
 * Portable like 001/002: schema builder only, one column per ALTER (SQLite adds one at a time).
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const plansVisibility: Migration = {
	async up(db: AnyDb) {
		await db.schema.alterTable('inspections').addColumn('window_start', 'text').execute();
		await db.schema.alterTable('inspections').addColumn('window_end', 'text').execute();
		await db.schema.alterTable('inspections').addColumn('published_version', 'bigint').execute();

		await db.schema
			.createTable('inspection_assignments')
			.addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
			.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
			.addColumn('assigned_by', 'text', (c) => c.notNull())
			.addColumn('assigned_at', 'text', (c) => c.notNull())
			.addPrimaryKeyConstraint('inspection_assignments_pk', ['inspection_id', 'user_id'])
			.execute();
		// Pull asks "which inspections is this inspector assigned to?" on every request.
		await db.schema.createIndex('inspection_assignments_user').on('inspection_assignments').columns(['user_id', 'inspection_id']).execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropTable('inspection_assignments').execute();
		for (const column of ['published_version', 'window_end', 'window_start']) {
			await db.schema.alterTable('inspections').dropColumn(column).execute();
		}
	}
};
