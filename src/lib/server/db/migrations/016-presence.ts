/**
 * Proof of presence (issue 16, must-show 7): where each signature was given, and where each unit
 * is. `signatures.position` holds the signature's SignaturePosition as JSON text (a fix, or the
 * reason there is none); null on signatures made before. `unit_locations` keeps one point per
 * unit code (a commune from the official list or a centre/branch of 014), set by a province
 * admin or imported from CSV. Portable like 014: integer, real and text only, times as ISO text.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const presence: Migration = {
	async up(db: AnyDb) {
		await db.schema.alterTable('signatures').addColumn('position', 'text').execute();
		await db.schema
			.createTable('unit_locations')
			.addColumn('unit_code', 'integer', (c) => c.primaryKey())
			.addColumn('province_code', 'integer', (c) => c.notNull())
			.addColumn('lat', 'double precision', (c) => c.notNull())
			.addColumn('lng', 'double precision', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			// No foreign key: the row outlives the admin's account, like centre_units does.
			.addColumn('updated_by', 'text')
			.execute();
		await db.schema.createIndex('unit_locations_province').on('unit_locations').column('province_code').execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropTable('unit_locations').execute();
		await db.schema.alterTable('signatures').dropColumn('position').execute();
	}
};
