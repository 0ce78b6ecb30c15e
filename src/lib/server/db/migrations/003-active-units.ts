/**
 * Active communes (issue 4, item 5): which communes of the bundled official list a province has
 * switched on for inspections. Only the codes live here; names and provinces come from the list.
 *
 * Portable like 001 and 002: integer and text only, times as ISO text, no defaults.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const activeUnits: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createTable('active_units')
			.addColumn('unit_code', 'integer', (c) => c.primaryKey())
			.addColumn('province_code', 'integer', (c) => c.notNull())
			.addColumn('activated_at', 'text', (c) => c.notNull())
			// No foreign key: the row outlives the admin's account, like audit entries do.
			.addColumn('activated_by', 'text')
			.execute();
		await db.schema.createIndex('active_units_province').on('active_units').column('province_code').execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropTable('active_units').execute();
	}
};
