/**
 * Review and remediation (issue 5). Numbered after 005-report-indexes.
 *
 * - `findings.status`: the finding's current state (finding-states.ts), derived from its events
 *   and updated in the same transaction as the event that changes it. Existing findings are
 *   'open'.
 * - `finding_events`: append-only history of a finding — adjusted (review), fixReported,
 *   verified, reopened — with who and when; `data` is the event's JSON (comment, text, photos,
 *   the status it led to). The id is the device's eventId, so a retried event never doubles.
 * - `inspection_events`: append-only review history of a record — returned, approved — with the
 *   supervisor's comment. The id is the mutationId of the intent that made it.
 *
 * Portable like the others: schema builder only, one column per ALTER.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const reviewRemediation: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.alterTable('findings')
			.addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
			.execute();

		await db.schema
			.createTable('finding_events')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('finding_id', 'text', (c) => c.notNull())
			.addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
			.addColumn('kind', 'text', (c) => c.notNull())
			.addColumn('actor_user_id', 'text', (c) => c.notNull())
			.addColumn('at', 'text', (c) => c.notNull())
			.addColumn('data', 'text', (c) => c.notNull())
			.addColumn('version', 'bigint', (c) => c.notNull())
			.execute();
		await db.schema.createIndex('finding_events_finding').on('finding_events').columns(['finding_id', 'at']).execute();

		await db.schema
			.createTable('inspection_events')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
			.addColumn('kind', 'text', (c) => c.notNull())
			.addColumn('actor_user_id', 'text', (c) => c.notNull())
			.addColumn('at', 'text', (c) => c.notNull())
			.addColumn('data', 'text', (c) => c.notNull())
			.addColumn('version', 'bigint', (c) => c.notNull())
			.execute();
		await db.schema.createIndex('inspection_events_inspection').on('inspection_events').columns(['inspection_id', 'at']).execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropTable('inspection_events').execute();
		await db.schema.dropTable('finding_events').execute();
		await db.schema.alterTable('findings').dropColumn('status').execute();
	}
};
