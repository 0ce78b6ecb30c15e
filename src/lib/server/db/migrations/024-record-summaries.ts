/**
 * Per-record summaries for the periodic report (issue 18, must-show 7; docs/reports.md "Summaries").
 *
 * One row per inspection with what the report counts of it — scope, kind, status, start, pinned
 * template, overall score and coverage, finding counts, and its findings and roster officers as
 * compact JSON (`detail`) — so a report reads one row per record instead of its answers. The
 * sync handlers rewrite a record's row in the transaction of every event that changes it
 * (submit, approve, return, every finding event); records written before this migration, or
 * loaded in bulk, are summarised the first time a report's scope reaches them (period-data.ts).
 * Scores are `double precision` so a mean over summaries is bit for bit the mean over rescored
 * records (PostgreSQL's `real` would round them).
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const recordSummaries: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createTable('record_summaries')
			.addColumn('inspection_id', 'text', (c) => c.primaryKey())
			.addColumn('province_code', 'integer', (c) => c.notNull())
			.addColumn('unit_code', 'integer', (c) => c.notNull())
			.addColumn('kind', 'text', (c) => c.notNull())
			.addColumn('status', 'text', (c) => c.notNull())
			.addColumn('started_at', 'text', (c) => c.notNull())
			.addColumn('started_on', 'text', (c) => c.notNull())
			.addColumn('template_id', 'text', (c) => c.notNull())
			.addColumn('template_version', 'text', (c) => c.notNull())
			.addColumn('score', 'double precision')
			.addColumn('coverage', 'double precision')
			.addColumn('findings', 'integer', (c) => c.notNull())
			.addColumn('critical_findings', 'integer', (c) => c.notNull())
			.addColumn('detail', 'text', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			.execute();
		await db.schema
			.createIndex('record_summaries_province_started')
			.on('record_summaries')
			.columns(['province_code', 'started_at', 'inspection_id'])
			.execute();
		await db.schema
			.createIndex('record_summaries_unit_started')
			.on('record_summaries')
			.columns(['unit_code', 'started_at', 'inspection_id'])
			.execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropTable('record_summaries').execute();
	}
};
