/**
 * The citizen's voice in the reports (issue 19, must-show 5; docs/reports.md "Ý kiến người dân").
 *
 * - `feedback_responses (province_code, received_hour)`: a province's responses as a range
 *   (migration 028 indexes them by unit and by point only).
 * - `voice_point_days`: per unit and Vietnam day, the feedback point's responses summed once —
 *   respondents, flooded responses, and per SIPAS factor the respondents who answered it (`n_*`)
 *   and the sum of their own means (`t_*`) — so a report adds up a few rows per unit and day
 *   instead of reading every response's JSON. Written by lib/server/reports/point-days.ts for
 *   closed hours only (a response's hour and flood mark no longer change once its hour is past).
 * - `voice_point_marks`: per province, the hour up to which (exclusive) its responses are in
 *   `voice_point_days`; later ones are read from `feedback_responses` directly.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

const FACTORS = ['tc', 'tt', 'cc', 'kq', 'pa'] as const;

export const voiceReportIndex: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createIndex('feedback_responses_province')
			.on('feedback_responses')
			.columns(['province_code', 'received_hour'])
			.execute();

		let days = db.schema
			.createTable('voice_point_days')
			.addColumn('unit_code', 'integer', (c) => c.notNull())
			.addColumn('day', 'text', (c) => c.notNull())
			.addColumn('province_code', 'integer', (c) => c.notNull())
			.addColumn('respondents', 'integer', (c) => c.notNull())
			.addColumn('flooded', 'integer', (c) => c.notNull());
		for (const f of FACTORS)
			days = days.addColumn(`n_${f}`, 'integer', (c) => c.notNull()).addColumn(`t_${f}`, 'double precision', (c) => c.notNull());
		await days.addPrimaryKeyConstraint('voice_point_days_pk', ['unit_code', 'day']).execute();
		await db.schema.createIndex('voice_point_days_province').on('voice_point_days').columns(['province_code', 'day']).execute();

		await db.schema
			.createTable('voice_point_marks')
			.addColumn('province_code', 'integer', (c) => c.primaryKey())
			.addColumn('through_hour', 'text', (c) => c.notNull())
			.execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropTable('voice_point_marks').execute();
		await db.schema.dropTable('voice_point_days').execute();
		await db.schema.dropIndex('feedback_responses_province').execute();
	}
};
