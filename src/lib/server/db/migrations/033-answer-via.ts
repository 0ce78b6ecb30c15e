/**
 * How an answer was given when not slot by slot (issue 20, must-show 2): `answers.via` is
 * 'section_rest_pass' on an answer written by the confirmed "Tất cả mục còn lại trong phần này:
 * Đạt", null on every other answer (and on every answer written before). Optional in the
 * protocol, so an older app's answers simply leave it null.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const answerVia: Migration = {
	async up(db: AnyDb) {
		await db.schema.alterTable('answers').addColumn('via', 'text').execute();
	},

	async down(db: AnyDb) {
		await db.schema.alterTable('answers').dropColumn('via').execute();
	}
};
