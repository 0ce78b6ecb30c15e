/**
 * One record, several phones (issue 17; domain/team-record.ts): the team fills one biên bản.
 *
 * - `answers.answered_by`, `photos.added_by`: who gave the answer or took the photo. Before this
 *   release a record had one writer, so existing rows are filled with their record's owner.
 * - `section_holdings`: who holds which section of a record; a member writes only there.
 * - `answer_conflicts`: an item answered differently by two accounts without sight of each other;
 *   every version is kept (JSON) until the trưởng đoàn chooses, then the choice.
 * - `team_parts`: each member's part, open, handed in or released with a reason.
 *
 * Each row carries the change-log version of its last write, as every synced entity does.
 */
import { sql, type Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const teamRecord: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.alterTable('answers')
			.addColumn('answered_by', 'text', (c) => c.notNull().defaultTo(''))
			.execute();
		await db.schema
			.alterTable('photos')
			.addColumn('added_by', 'text', (c) => c.notNull().defaultTo(''))
			.execute();
		const owner = (table: string) =>
			sql`(select owner_user_id from inspections where inspections.id = ${sql.ref(`${table}.inspection_id`)})`;
		await db
			.updateTable('answers')
			.set({ answered_by: owner('answers') })
			.execute();
		await db
			.updateTable('photos')
			.set({ added_by: owner('photos') })
			.execute();

		await db.schema
			.createTable('section_holdings')
			.addColumn('inspection_id', 'text', (c) => c.notNull())
			.addColumn('section_id', 'text', (c) => c.notNull())
			.addColumn('user_id', 'text', (c) => c.notNull())
			.addColumn('version', 'bigint', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			.addPrimaryKeyConstraint('section_holdings_pk', ['inspection_id', 'section_id'])
			.execute();
		await db.schema
			.createTable('answer_conflicts')
			.addColumn('inspection_id', 'text', (c) => c.notNull())
			.addColumn('item_id', 'text', (c) => c.notNull())
			.addColumn('officer_id', 'text', (c) => c.notNull())
			.addColumn('versions', 'text', (c) => c.notNull())
			.addColumn('resolved_by', 'text')
			.addColumn('resolved_at', 'text')
			.addColumn('chosen', 'text')
			.addColumn('version', 'bigint', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			.addPrimaryKeyConstraint('answer_conflicts_pk', ['inspection_id', 'item_id', 'officer_id'])
			.execute();
		await db.schema
			.createTable('team_parts')
			.addColumn('inspection_id', 'text', (c) => c.notNull())
			.addColumn('user_id', 'text', (c) => c.notNull())
			.addColumn('state', 'text', (c) => c.notNull())
			.addColumn('via', 'text')
			.addColumn('reason', 'text', (c) => c.notNull())
			.addColumn('at', 'text')
			.addColumn('version', 'bigint', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			.addPrimaryKeyConstraint('team_parts_pk', ['inspection_id', 'user_id'])
			.execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropTable('team_parts').execute();
		await db.schema.dropTable('answer_conflicts').execute();
		await db.schema.dropTable('section_holdings').execute();
		await db.schema.alterTable('photos').dropColumn('added_by').execute();
		await db.schema.alterTable('answers').dropColumn('answered_by').execute();
	}
};
