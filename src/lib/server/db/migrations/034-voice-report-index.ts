/**
 * The citizen's voice in a province's report (issue 19, must-show 5): point responses are summed
 * per province and period (lib/server/reports/citizen-voice.ts). Migration 028 indexes them by
 * unit and by point; a province's report reads a range of (province_code, received_hour) instead
 * of scanning every response of the country.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const voiceReportIndex: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createIndex('feedback_responses_province')
			.on('feedback_responses')
			.columns(['province_code', 'received_hour'])
			.execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropIndex('feedback_responses_province').execute();
	}
};
