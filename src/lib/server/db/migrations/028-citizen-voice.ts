/**
 * The citizen's voice (issue 19): questionnaires as a template kind, exit interviews in a visit,
 * the public feedback point at each counter and the feedback items its free text becomes.
 *
 * - `templates.kind`: 'checklist' (every template so far) or 'questionnaire'; a questionnaire is
 *   never offered as the checklist of a new inspection. The default questionnaire is inserted as
 *   a national published version (src/lib/templates/questionnaire-2026-v1.json).
 * - `interviews`: one respondent's answers taken by an inspector during a visit, synced with it.
 * - `feedback_points`: a unit's QR token. Rotating revokes the old row and points to the new one.
 * - `feedback_responses`: answers from the public form. Nothing about the person or the device is
 *   kept: no name, phone, address, IP, user agent; the time only to the hour. `submission_id` is a
 *   random id the form makes per answer so a resend is stored once; `flood` marks answers of a
 *   burst the server judged abnormal, shown to supervisors as such and kept out of the averages.
 * - `feedback_items`: a comment or complaint (free text of either source) for the province's
 *   supervisors to handle with a reply note.
 * - `feedback_settings`: per province, whether wards read their own unit's comments (masked).
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';
import { questionnaireSchema } from '../../../domain/questionnaire';
import { vietnamDate } from '../../../domain/dates';
import defaultQuestionnaire from '../../../templates/questionnaire-2026-v1.json';

export const citizenVoice: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.alterTable('templates')
			.addColumn('kind', 'text', (c) => c.notNull().defaultTo('checklist'))
			.execute();

		await db.schema
			.createTable('interviews')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('inspection_id', 'text', (c) => c.notNull())
			.addColumn('questionnaire_id', 'text', (c) => c.notNull())
			.addColumn('questionnaire_version', 'text', (c) => c.notNull())
			/** Response.answers as JSON. */
			.addColumn('answers', 'text', (c) => c.notNull())
			/** Response.facts as JSON. */
			.addColumn('facts', 'text', (c) => c.notNull())
			/** When the inspector took it (device time, as for answers). */
			.addColumn('taken_at', 'text', (c) => c.notNull())
			.addColumn('taken_by', 'text', (c) => c.notNull())
			.addColumn('version', 'bigint', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			.execute();
		await db.schema.createIndex('interviews_inspection').on('interviews').columns(['inspection_id']).execute();

		await db.schema
			.createTable('feedback_points')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('unit_code', 'integer', (c) => c.notNull())
			.addColumn('province_code', 'integer', (c) => c.notNull())
			.addColumn('token', 'text', (c) => c.notNull().unique())
			/** 'active' | 'revoked' */
			.addColumn('status', 'text', (c) => c.notNull())
			/** The point that replaced this one when its token was rotated. */
			.addColumn('replaced_by', 'text')
			.addColumn('created_by', 'text', (c) => c.notNull())
			.addColumn('created_at', 'text', (c) => c.notNull())
			.addColumn('revoked_by', 'text')
			.addColumn('revoked_at', 'text')
			.execute();
		await db.schema.createIndex('feedback_points_unit').on('feedback_points').columns(['unit_code', 'status']).execute();

		await db.schema
			.createTable('feedback_responses')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('submission_id', 'text', (c) => c.notNull().unique())
			.addColumn('point_id', 'text', (c) => c.notNull())
			.addColumn('unit_code', 'integer', (c) => c.notNull())
			.addColumn('province_code', 'integer', (c) => c.notNull())
			.addColumn('questionnaire_id', 'text', (c) => c.notNull())
			.addColumn('questionnaire_version', 'text', (c) => c.notNull())
			.addColumn('answers', 'text', (c) => c.notNull())
			.addColumn('facts', 'text', (c) => c.notNull())
			/** Server time truncated to the hour, e.g. 2026-12-06T09:00:00.000Z. */
			.addColumn('received_hour', 'text', (c) => c.notNull())
			/** The burst this answer belongs to when judged a flood; null for an ordinary answer. */
			.addColumn('flood', 'text')
			.execute();
		await db.schema.createIndex('feedback_responses_unit').on('feedback_responses').columns(['unit_code', 'received_hour']).execute();
		await db.schema.createIndex('feedback_responses_point').on('feedback_responses').columns(['point_id', 'received_hour']).execute();

		await db.schema
			.createTable('feedback_items')
			.addColumn('id', 'text', (c) => c.primaryKey())
			/** 'point' | 'interview' */
			.addColumn('source', 'text', (c) => c.notNull())
			.addColumn('response_id', 'text')
			.addColumn('interview_id', 'text')
			.addColumn('unit_code', 'integer', (c) => c.notNull())
			.addColumn('province_code', 'integer', (c) => c.notNull())
			/** The citizen's words as written; only supervisors read them unmasked. */
			.addColumn('text', 'text', (c) => c.notNull())
			/** Day received (Vietnam, YYYY-MM-DD). */
			.addColumn('received_on', 'text', (c) => c.notNull())
			/** 1 when its response was part of a flood. */
			.addColumn('flood', 'integer', (c) => c.notNull().defaultTo(0))
			/** 'open' | 'handled' */
			.addColumn('status', 'text', (c) => c.notNull())
			.addColumn('handled_by', 'text')
			.addColumn('handled_at', 'text')
			.addColumn('reply_note', 'text')
			.execute();
		await db.schema
			.createIndex('feedback_items_province')
			.on('feedback_items')
			.columns(['province_code', 'status', 'received_on'])
			.execute();
		await db.schema.createIndex('feedback_items_unit').on('feedback_items').columns(['unit_code', 'received_on']).execute();

		await db.schema
			.createTable('feedback_settings')
			.addColumn('province_code', 'integer', (c) => c.primaryKey())
			/** 1: the ward reads its own unit's comments, masked (questionnaire.ts maskPersonalData). */
			.addColumn('ward_sees_comments', 'integer', (c) => c.notNull().defaultTo(0))
			.addColumn('updated_by', 'text', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull())
			.execute();

		const content = questionnaireSchema.parse(defaultQuestionnaire);
		const at = new Date().toISOString();
		await db
			.insertInto('templates')
			.values({
				id: content.id,
				scope_province_code: null,
				based_on_template_id: null,
				created_by: null,
				created_at: at,
				kind: 'questionnaire'
			})
			.execute();
		await db
			.insertInto('template_versions')
			.values({
				template_id: content.id,
				version: content.version,
				name: content.name,
				status: 'published',
				effective_from: vietnamDate(new Date(at)),
				based_on_template_id: null,
				based_on_version: null,
				published_at: at,
				retired_at: null,
				created_by: null,
				created_at: at,
				updated_at: at,
				content: JSON.stringify(content)
			})
			.execute();
	},

	async down(db: AnyDb) {
		await db.deleteFrom('template_versions').where('template_id', '=', defaultQuestionnaire.id).execute();
		await db.deleteFrom('templates').where('id', '=', defaultQuestionnaire.id).execute();
		await db.schema.dropTable('feedback_settings').execute();
		await db.schema.dropTable('feedback_items').execute();
		await db.schema.dropTable('feedback_responses').execute();
		await db.schema.dropTable('feedback_points').execute();
		await db.schema.dropTable('interviews').execute();
		await db.schema.alterTable('templates').dropColumn('kind').execute();
	}
};
