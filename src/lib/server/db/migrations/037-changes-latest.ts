/**
 * Pull at scale (issue 21, must-show 5): a device far behind — a new phone signing in to a
 * province with a year of records — receives only the latest change of each row, not every write
 * that led to it (pull-changes.ts). Whether a change is the latest of its row is asked once per
 * scanned change ("is there a later change of the same entity and id?"), so that question needs
 * an index: entity, entity id, then version, so the probe is one index seek on either database.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const changesLatest: Migration = {
	async up(db: AnyDb) {
		await db.schema.createIndex('changes_entity_version').on('changes').columns(['entity', 'entity_id', 'version']).execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropIndex('changes_entity_version').execute();
	}
};
