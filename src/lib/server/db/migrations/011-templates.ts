/**
 * Checklist templates as versioned data (issue 15). `templates` names a template and its scope
 * (national when `scope_province_code` is null, else one province's own); `template_versions`
 * holds each version's content (the shared templateSchema as JSON) with its status and dates.
 *
 * The template that was compiled into the app until now moves in as the first published version
 * of 'mac-dinh', effective from its first day, with the content frozen beside this migration
 * (data/mac-dinh-2025.1.json) rather than read from the TypeScript source: a later edit of that
 * source must not change what records made on 2025.1 were checked, scored and signed against.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';
import frozenDefault from './data/mac-dinh-2025.1.json';

/** The day the 2025.1 template started being used (the 2025 communes took effect 1/7/2025). */
const V1_EFFECTIVE_FROM = '2025-07-01';

export const templatesTables: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createTable('templates')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('scope_province_code', 'integer')
			/** The template a province's own one was drafted from; null for a national one. */
			.addColumn('based_on_template_id', 'text')
			.addColumn('created_by', 'text')
			.addColumn('created_at', 'text', (c) => c.notNull())
			.execute();
		await db.schema
			.createTable('template_versions')
			.addColumn('template_id', 'text', (c) => c.notNull().references('templates.id'))
			.addColumn('version', 'text', (c) => c.notNull())
			.addColumn('name', 'text', (c) => c.notNull())
			.addColumn('status', 'text', (c) => c.notNull())
			.addColumn('effective_from', 'text')
			.addColumn('based_on_template_id', 'text')
			.addColumn('based_on_version', 'text')
			.addColumn('published_at', 'text')
			.addColumn('retired_at', 'text')
			.addColumn('created_by', 'text')
			.addColumn('created_at', 'text', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			/** The Template (shared templateSchema, defaults filled) as JSON. */
			.addColumn('content', 'text', (c) => c.notNull())
			.addPrimaryKeyConstraint('template_versions_pk', ['template_id', 'version'])
			.execute();
		await db.schema.createIndex('template_versions_status').on('template_versions').columns(['status']).execute();

		const at = new Date().toISOString();
		await db
			.insertInto('templates')
			.values({ id: frozenDefault.id, scope_province_code: null, based_on_template_id: null, created_by: null, created_at: at })
			.execute();
		await db
			.insertInto('template_versions')
			.values({
				template_id: frozenDefault.id,
				version: frozenDefault.version,
				name: frozenDefault.name,
				status: 'published',
				effective_from: V1_EFFECTIVE_FROM,
				based_on_template_id: null,
				based_on_version: null,
				published_at: at,
				retired_at: null,
				created_by: null,
				created_at: at,
				updated_at: at,
				content: JSON.stringify(frozenDefault)
			})
			.execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropTable('template_versions').execute();
		await db.schema.dropTable('templates').execute();
	}
};
