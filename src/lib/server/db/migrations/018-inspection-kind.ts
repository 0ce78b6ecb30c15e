/**
 * Self-inspection (issue 16, must-show 9): a ward may run the checklist on itself ("tự kiểm tra").
 * Such records are never mixed into official scores, coverage or reports, so every report query
 * filters on this column: 'official' (every record before this migration, and every record an
 * inspector makes) or 'self'. A column, not a field of the JSON document, so the filter runs on
 * the same indexes as the rest of the query.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const inspectionKind: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.alterTable('inspections')
			.addColumn('kind', 'text', (c) => c.notNull().defaultTo('official'))
			.execute();
	},

	async down(db: AnyDb) {
		await db.schema.alterTable('inspections').dropColumn('kind').execute();
	}
};
