/**
 * Record numbers (issue 13, Must-show 7): the biên bản's "Số: n/BB-ĐKT", final on approval and
 * unique per issuing body and year. The issuing body is the province's inspection team, so the
 * counter is keyed by (province code, approval year in Vietnam time); `last_number` is the last
 * number handed out. The approved record keeps its number in two columns (and in its document);
 * the unique index is the last guard against a number given twice.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const recordNumbers: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createTable('record_number_counters')
			.addColumn('issuer', 'integer', (c) => c.notNull())
			.addColumn('year', 'integer', (c) => c.notNull())
			.addColumn('last_number', 'integer', (c) => c.notNull())
			.addPrimaryKeyConstraint('record_number_counters_pk', ['issuer', 'year'])
			.execute();
		await db.schema.alterTable('inspections').addColumn('record_number', 'integer').execute();
		await db.schema.alterTable('inspections').addColumn('record_year', 'integer').execute();
		await db.schema
			.createIndex('inspections_record_number_unique')
			.on('inspections')
			.columns(['province_code', 'record_year', 'record_number'])
			.unique()
			.execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropIndex('inspections_record_number_unique').execute();
		await db.schema.alterTable('inspections').dropColumn('record_year').execute();
		await db.schema.alterTable('inspections').dropColumn('record_number').execute();
		await db.schema.dropTable('record_number_counters').execute();
	}
};
