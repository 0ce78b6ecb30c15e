/**
 * The unit model of 2025 (issue 15, must-show 7; docs/units.md): branches of the provincial
 * centre (chi nhánh Trung tâm Phục vụ hành chính công cấp tỉnh) and the reception points
 * (điểm tiếp nhận) of any unit. Communes stay in the bundled official list and provincial
 * centres are derived from it (one per province); only what a province admin creates is a row.
 *
 * `centre_units.kind` is 'branch' for now; the column names the kind so a later kind (a centre
 * of another level) needs no new table. Codes follow domain/units-2025.ts: 900000 + province ×
 * 100 + n, outside the official list's range. Portable like 001 and 003: integer and text only,
 * booleans as 0/1, times as ISO text, no defaults.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const unitKinds: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createTable('centre_units')
			.addColumn('code', 'integer', (c) => c.primaryKey())
			.addColumn('kind', 'text', (c) => c.notNull())
			.addColumn('province_code', 'integer', (c) => c.notNull())
			.addColumn('name', 'text', (c) => c.notNull())
			.addColumn('active', 'integer', (c) => c.notNull())
			.addColumn('created_at', 'text', (c) => c.notNull())
			// No foreign key: the row outlives the admin's account, like active_units does.
			.addColumn('created_by', 'text')
			.execute();
		await db.schema.createIndex('centre_units_province').on('centre_units').column('province_code').execute();

		await db.schema
			.createTable('reception_points')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('unit_code', 'integer', (c) => c.notNull())
			.addColumn('province_code', 'integer', (c) => c.notNull())
			.addColumn('name', 'text', (c) => c.notNull())
			.addColumn('address', 'text', (c) => c.notNull())
			.addColumn('active', 'integer', (c) => c.notNull())
			.addColumn('created_at', 'text', (c) => c.notNull())
			.addColumn('created_by', 'text')
			.execute();
		// Two points of one unit with the same name could not be told apart on the printed record.
		await db.schema.createIndex('reception_points_unit_name').on('reception_points').columns(['unit_code', 'name']).unique().execute();
		await db.schema.createIndex('reception_points_province').on('reception_points').column('province_code').execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropTable('reception_points').execute();
		await db.schema.dropTable('centre_units').execute();
	}
};
