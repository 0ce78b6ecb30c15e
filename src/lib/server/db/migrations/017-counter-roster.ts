/**
 * The roster of counter officers (issue 16, must-show 8; docs/roster.md): who works at each
 * unit's one-stop counter — name, position, field (lĩnh vực) — kept by the ward itself and by
 * the province's admins, cached on inspectors' phones so a per-officer item names a person the
 * same way every visit. Rows are never deleted (active 0 ends them): inspections name them by id.
 * Portable like 014: integer and text only, booleans as 0/1, times as ISO text, no defaults.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const counterRoster: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createTable('roster_officers')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('unit_code', 'integer', (c) => c.notNull())
			.addColumn('province_code', 'integer', (c) => c.notNull())
			.addColumn('name', 'text', (c) => c.notNull())
			.addColumn('position', 'text', (c) => c.notNull())
			.addColumn('field', 'text', (c) => c.notNull())
			.addColumn('active', 'integer', (c) => c.notNull())
			.addColumn('created_at', 'text', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			// No foreign key: the row outlives the account that added it, like reception points.
			.addColumn('created_by', 'text')
			.execute();
		await db.schema.createIndex('roster_officers_unit').on('roster_officers').columns(['unit_code', 'name']).execute();
		// An inspection's officer picked from the roster names the entry: one person's history across visits.
		await db.schema.alterTable('officers').addColumn('roster_id', 'text').execute();
		await db.schema.createIndex('officers_roster').on('officers').column('roster_id').execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropIndex('officers_roster').execute();
		await db.schema.alterTable('officers').dropColumn('roster_id').execute();
		await db.schema.dropTable('roster_officers').execute();
	}
};
