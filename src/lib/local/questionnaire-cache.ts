/**
 * The questionnaire versions this device keeps offline (issue 19), so an inspector can interview
 * citizens during a visit with no network. Every sync round stores what GET /api/templates lists
 * under `questionnaires` (template-store.ts `refreshTemplateVersions`); like checklist versions,
 * they are never removed here: an interview on the device may pin one the server retired.
 */
import type { Questionnaire, QuestionnaireVersion } from '$lib/domain/questionnaire';
import { keyOf } from '$lib/domain/template-keys';
import type { AppDb } from './app-db';

/** Every questionnaire version on this device. */
export const localQuestionnaires = (db: AppDb): Promise<QuestionnaireVersion[]> => db.questionnaireVersions.toArray();

/**
 * A lookup of the versions on this device by (templateId, version), for the annex: null for one
 * the device does not hold.
 */
export function questionnaireLookup(
	versions: readonly QuestionnaireVersion[]
): (templateId: string, version: string) => Questionnaire | null {
	const byKey = new Map(versions.map((v) => [keyOf(v), v.questionnaire]));
	return (templateId, version) => byKey.get(keyOf({ templateId, version })) ?? null;
}

/**
 * The questionnaire a new interview of a visit takes (domain `questionnaireForVisit`): in effect
 * for the record's province on the visit's date; null when this device holds none in effect
 * (it has not synced since one was published).
 */
export async function questionnaireForNewInterview(
	db: AppDb,
	provinceCode: number,
	visitDate: string,
	today: string
): Promise<QuestionnaireVersion | null> {
	const [{ questionnaireForVisit }, versions] = await Promise.all([import('$lib/domain/interview'), localQuestionnaires(db)]);
	return questionnaireForVisit(versions, provinceCode, visitDate, today);
}
