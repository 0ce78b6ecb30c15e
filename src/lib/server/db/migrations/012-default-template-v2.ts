/**
 * Version 2 (2027.1) of the national default template 'mac-dinh', written under Nghị định
 * 118/2025/NĐ-CP and Thông tư 03/2025/TT-VPCP (issue 15, must-show 5), published with the day it
 * takes effect. Until then new inspections keep taking 2025.1 (effectiveVersion picks by date), so
 * inspectors are trained on the new checklist before it applies; records keep the version they
 * pinned either way.
 *
 * The content is the data file the app ships (src/lib/templates/default-2027-v2.json), parsed
 * with the schema of this release so its defaults are written out as 011 wrote 2025.1's. A
 * published version never changes: a correction is a new version, never an edit of that file.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';
import { templateSchema } from '../../../domain/template';
import defaultV2 from '../../../templates/default-2027-v2.json';

/** First day a new inspection takes 2027.1: the start of a year, after the version is published. */
export const V2_EFFECTIVE_FROM = '2027-01-01';
const V1 = { templateId: 'mac-dinh', version: '2025.1' };

export const defaultTemplateV2: Migration = {
	async up(db: AnyDb) {
		const content = templateSchema.parse(defaultV2);
		const at = new Date().toISOString();
		await db
			.insertInto('template_versions')
			.values({
				template_id: content.id,
				version: content.version,
				name: content.name,
				status: 'published',
				effective_from: V2_EFFECTIVE_FROM,
				based_on_template_id: V1.templateId,
				based_on_version: V1.version,
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
		await db.deleteFrom('template_versions').where('template_id', '=', defaultV2.id).where('version', '=', defaultV2.version).execute();
	}
};
