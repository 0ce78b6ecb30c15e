/**
 * Version 2 (2027.1) of the national default template 'mac-dinh', written under Nghị định
 * 118/2025/NĐ-CP and Thông tư 03/2025/TT-VPCP (issue 15, must-show 5), in effect from the day the
 * server is upgraded: those texts have applied since 1/7/2025, so a new inspection must not start
 * on a checklist that cites the replaced ones. Records keep the version they pinned (2025.1 for
 * everything made before), and a province that needs time to train its inspectors can publish
 * 2025.1's content again as its own version until then.
 *
 * The content is the data file the app ships (src/lib/templates/default-2027-v2.json), parsed
 * with the schema of this release so its defaults are written out as 011 wrote 2025.1's. A
 * published version never changes: a correction is a new version, never an edit of that file.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';
import { vietnamDate } from '../../../domain/dates';
import { templateSchema } from '../../../domain/template';
import defaultV2 from '../../../templates/default-2027-v2.json';

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
				effective_from: vietnamDate(new Date(at)),
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
