/**
 * Reading questionnaire versions (templates of kind 'questionnaire', issue 19). They share the
 * template tables and lifecycle with checklists; this module is the only reader of their content,
 * as template-rows.ts is of checklists'.
 */
import type { Kysely } from 'kysely';
import { questionnaireSchema, type Questionnaire, type QuestionnaireVersion } from '$lib/domain/questionnaire';
import { effectiveVersion, keyOf, pinnableStatuses, templateStatusSchema } from '$lib/domain/template-versions';
import type { Database } from '../db/schema';

const questionnaireRows = (db: Kysely<Database>) =>
	db
		.selectFrom('template_versions as v')
		.innerJoin('templates as t', 't.id', 'v.template_id')
		.where('t.kind', '=', 'questionnaire')
		.select([
			'v.template_id',
			'v.version',
			'v.name',
			'v.status',
			'v.effective_from',
			'v.published_at',
			'v.content',
			't.scope_province_code'
		]);

type QuestionnaireRow = {
	template_id: string;
	version: string;
	name: string;
	status: string;
	effective_from: string | null;
	published_at: string | null;
	content: string;
	scope_province_code: number | null;
};

const versionOf = (row: QuestionnaireRow): QuestionnaireVersion => ({
	templateId: row.template_id,
	version: row.version,
	name: row.name,
	status: templateStatusSchema.parse(row.status),
	effectiveFrom: row.effective_from,
	scopeProvinceCode: row.scope_province_code === null ? null : Number(row.scope_province_code),
	questionnaire: questionnaireSchema.parse(JSON.parse(row.content))
});

/**
 * Content of published and retired questionnaire versions, which never changes: per instance on
 * purpose, safe with several instances for the reasons template-rows.ts gives for checklists.
 */
const pinnable = new Map<string, Questionnaire>();

/**
 * The content a response pinned to (templateId, version) is checked against: a published or
 * retired questionnaire version; null for a draft, a checklist or an unknown version.
 */
export async function pinnableQuestionnaire(db: Kysely<Database>, templateId: string, version: string): Promise<Questionnaire | null> {
	const key = keyOf({ templateId, version });
	const cached = pinnable.get(key);
	if (cached) return cached;
	const row = await questionnaireRows(db)
		.where('v.template_id', '=', templateId)
		.where('v.version', '=', version)
		.where('v.status', 'in', pinnableStatuses)
		.executeTakeFirst();
	if (!row) return null;
	const questionnaire = versionOf(row).questionnaire;
	pinnable.set(key, questionnaire);
	return questionnaire;
}

/** Published and retired questionnaire versions a device in `provinceCode` (null: all) may need offline. */
export async function listQuestionnairesForDevice(db: Kysely<Database>, provinceCode: number | null): Promise<QuestionnaireVersion[]> {
	let q = questionnaireRows(db).where('v.status', 'in', pinnableStatuses).orderBy('v.template_id').orderBy('v.version');
	if (provinceCode !== null)
		q = q.where((eb) => eb.or([eb('t.scope_province_code', 'is', null), eb('t.scope_province_code', '=', provinceCode)]));
	return (await q.execute()).map(versionOf);
}

/** The questionnaire a new interview or a feedback point in `provinceCode` uses on `date`; null when none is in effect. */
export async function effectiveQuestionnaireFor(
	db: Kysely<Database>,
	provinceCode: number,
	date: string
): Promise<QuestionnaireVersion | null> {
	const rows = await questionnaireRows(db)
		.where('v.status', '=', 'published')
		.where((eb) => eb.or([eb('t.scope_province_code', 'is', null), eb('t.scope_province_code', '=', provinceCode)]))
		.execute();
	// publishedAt breaks a tie of two versions in effect from the same day: the later publication wins.
	const metas = rows.map((row) => {
		const { questionnaire: _content, ...meta } = versionOf(row);
		return { ...meta, basedOn: null, publishedAt: row.published_at, retiredAt: null, createdBy: null, createdAt: '', updatedAt: '' };
	});
	const chosen = effectiveVersion(metas, provinceCode, date);
	const row = chosen && rows.find((r) => r.template_id === chosen.templateId && r.version === chosen.version);
	return row ? versionOf(row) : null;
}

/** Drops the process cache (after a status change, and between tests). */
export function forgetCachedQuestionnaires(): void {
	pinnable.clear();
}
