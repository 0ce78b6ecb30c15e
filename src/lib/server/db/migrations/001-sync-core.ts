/**
 * The sync core: clients and receipts (exactly-once push), the inspection record's tables,
 * and the change log with its counter (pull in commit order).
 *
 * Portable on purpose: only text, integer and bigint, no dialect-specific defaults, so the
 * same migration runs on SQLite and PostgreSQL. Migrations are never edited once shipped;
 * add a new file instead.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

// Migrations see the database as it was at the time they were written, not today's types.

export const syncCore: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createTable('sync_counter')
			.addColumn('id', 'integer', (c) => c.primaryKey())
			.addColumn('value', 'bigint', (c) => c.notNull())
			.execute();
		await db.insertInto('sync_counter').values({ id: 1, value: 0 }).execute();

		await db.schema
			.createTable('clients')
			.addColumn('client_id', 'text', (c) => c.primaryKey())
			.addColumn('user_id', 'text', (c) => c.notNull())
			.addColumn('last_seq', 'integer', (c) => c.notNull())
			.addColumn('created_at', 'text', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			.execute();

		await db.schema
			.createTable('mutation_receipts')
			.addColumn('mutation_id', 'text', (c) => c.primaryKey())
			.addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id'))
			.addColumn('seq', 'integer', (c) => c.notNull())
			.addColumn('name', 'text', (c) => c.notNull())
			.addColumn('result', 'text', (c) => c.notNull())
			.addColumn('applied_at', 'text', (c) => c.notNull())
			.addUniqueConstraint('mutation_receipts_client_seq_unique', ['client_id', 'seq'])
			.execute();

		await db.schema
			.createTable('inspections')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('status', 'text', (c) => c.notNull())
			.addColumn('owner_user_id', 'text', (c) => c.notNull())
			.addColumn('unit_code', 'integer', (c) => c.notNull())
			.addColumn('province_code', 'integer', (c) => c.notNull())
			.addColumn('template_id', 'text', (c) => c.notNull())
			.addColumn('template_version', 'text', (c) => c.notNull())
			.addColumn('created_at', 'text', (c) => c.notNull())
			.addColumn('started_at', 'text', (c) => c.notNull())
			.addColumn('ended_at', 'text')
			.addColumn('submitted_at', 'text')
			.addColumn('data', 'text', (c) => c.notNull())
			.addColumn('version', 'bigint', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			.execute();
		await db.schema.createIndex('inspections_owner').on('inspections').columns(['owner_user_id', 'status']).execute();
		await db.schema.createIndex('inspections_unit').on('inspections').columns(['unit_code', 'status']).execute();
		await db.schema.createIndex('inspections_province').on('inspections').columns(['province_code', 'status']).execute();

		await db.schema
			.createTable('officers')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
			.addColumn('name', 'text', (c) => c.notNull())
			.addColumn('position', 'text', (c) => c.notNull())
			.addColumn('desk', 'text', (c) => c.notNull())
			.addColumn('sort_order', 'integer', (c) => c.notNull())
			.addColumn('version', 'bigint', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			.execute();
		await db.schema.createIndex('officers_inspection').on('officers').column('inspection_id').execute();

		await db.schema
			.createTable('answers')
			.addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
			.addColumn('item_id', 'text', (c) => c.notNull())
			.addColumn('officer_id', 'text', (c) => c.notNull())
			.addColumn('value', 'text')
			.addColumn('note', 'text', (c) => c.notNull())
			.addColumn('answered_at', 'text', (c) => c.notNull())
			.addColumn('version', 'bigint', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			.addPrimaryKeyConstraint('answers_pk', ['inspection_id', 'item_id', 'officer_id'])
			.execute();

		await db.schema
			.createTable('photos')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
			.addColumn('item_id', 'text')
			.addColumn('officer_id', 'text', (c) => c.notNull())
			.addColumn('sha256', 'text', (c) => c.notNull())
			.addColumn('mime', 'text', (c) => c.notNull())
			.addColumn('size', 'integer', (c) => c.notNull())
			.addColumn('width', 'integer', (c) => c.notNull())
			.addColumn('height', 'integer', (c) => c.notNull())
			.addColumn('caption', 'text', (c) => c.notNull())
			.addColumn('taken_at', 'text', (c) => c.notNull())
			.addColumn('version', 'bigint', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			.execute();
		await db.schema.createIndex('photos_inspection').on('photos').column('inspection_id').execute();
		// Lets a future blob garbage collector ask "is this hash still referenced?" cheaply.
		await db.schema.createIndex('photos_sha256').on('photos').column('sha256').execute();

		await db.schema
			.createTable('signatures')
			.addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
			.addColumn('role', 'text', (c) => c.notNull())
			.addColumn('refused', 'integer', (c) => c.notNull())
			.addColumn('signer_name', 'text', (c) => c.notNull())
			.addColumn('signer_position', 'text', (c) => c.notNull())
			.addColumn('sha256', 'text')
			.addColumn('mime', 'text')
			.addColumn('size', 'integer')
			.addColumn('refusal_reason', 'text')
			.addColumn('signed_at', 'text', (c) => c.notNull())
			.addColumn('version', 'bigint', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			.addPrimaryKeyConstraint('signatures_pk', ['inspection_id', 'role'])
			.execute();

		await db.schema
			.createTable('finding_drafts')
			.addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
			.addColumn('item_id', 'text', (c) => c.notNull())
			.addColumn('recommendation', 'text', (c) => c.notNull())
			.addColumn('deadline', 'text', (c) => c.notNull())
			.addColumn('version', 'bigint', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			.addPrimaryKeyConstraint('finding_drafts_pk', ['inspection_id', 'item_id'])
			.execute();

		await db.schema
			.createTable('findings')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
			.addColumn('item_id', 'text', (c) => c.notNull())
			.addColumn('section_id', 'text', (c) => c.notNull())
			.addColumn('title', 'text', (c) => c.notNull())
			.addColumn('detail', 'text', (c) => c.notNull())
			.addColumn('officer_ids', 'text', (c) => c.notNull())
			.addColumn('critical', 'integer', (c) => c.notNull())
			.addColumn('legal', 'text', (c) => c.notNull())
			.addColumn('recommendation', 'text', (c) => c.notNull())
			.addColumn('deadline', 'text', (c) => c.notNull())
			.addColumn('version', 'bigint', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			.execute();
		await db.schema.createIndex('findings_inspection').on('findings').column('inspection_id').execute();

		await db.schema
			.createTable('changes')
			.addColumn('version', 'bigint', (c) => c.primaryKey())
			.addColumn('entity', 'text', (c) => c.notNull())
			.addColumn('entity_id', 'text', (c) => c.notNull())
			.addColumn('op', 'text', (c) => c.notNull())
			.addColumn('data', 'text', (c) => c.notNull())
			.addColumn('inspection_id', 'text', (c) => c.notNull())
			.addColumn('unit_code', 'integer', (c) => c.notNull())
			.addColumn('province_code', 'integer', (c) => c.notNull())
			.addColumn('owner_user_id', 'text', (c) => c.notNull())
			.addColumn('recorded_at', 'text', (c) => c.notNull())
			.execute();
		// One index per pull scope, each ending in version so "version > cursor ORDER BY version"
		// is a range scan whatever the role.
		await db.schema.createIndex('changes_owner').on('changes').columns(['owner_user_id', 'version']).execute();
		await db.schema.createIndex('changes_unit').on('changes').columns(['unit_code', 'version']).execute();
		await db.schema.createIndex('changes_province').on('changes').columns(['province_code', 'version']).execute();
		await db.schema.createIndex('changes_inspection').on('changes').columns(['inspection_id', 'version']).execute();
	},

	async down(db: AnyDb) {
		for (const table of [
			'changes',
			'findings',
			'finding_drafts',
			'signatures',
			'photos',
			'answers',
			'officers',
			'inspections',
			'mutation_receipts',
			'clients',
			'sync_counter'
		]) {
			await db.schema.dropTable(table).execute();
		}
	}
};
