/**
 * The feedback point (issue 19, must-show 3; docs/feedback-point.md): a unit has at most one
 * active point, so the poster at its counter is the only one that works. Creating or rotating
 * checks this first; the partial unique index holds it when two people do so at the same moment.
 */
import { sql, type Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const feedbackPointOneActive: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createIndex('feedback_points_one_active')
			.on('feedback_points')
			.column('unit_code')
			.unique()
			.where(sql.ref('status'), '=', 'active')
			.execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropIndex('feedback_points_one_active').execute();
	}
};
