/**
 * The annex of a record's exit interviews (issue 19) as the server holds them: each interview
 * scored on the questionnaire version it pinned (domain `interviewAnnex`). Read by the record's
 * fingerprint, the submission's signature check and the supervisor's review, so all three state
 * the same lines the device printed and signed.
 */
import type { Kysely } from 'kysely';
import { interviewAnnex, type InterviewAnnex } from '$lib/domain/interview';
import type { Questionnaire } from '$lib/domain/questionnaire';
import { keyOf } from '$lib/domain/template-versions';
import type { Database } from '../db/schema';
import { interviewOf } from '../sync/row-converters';
import { pinnableQuestionnaire } from '../templates/questionnaire-rows';

/** The record's interviews, as the entity rows the device holds. */
export async function interviewsOf(db: Kysely<Database>, inspectionId: string) {
	const rows = await db.selectFrom('interviews').selectAll().where('inspection_id', '=', inspectionId).orderBy('taken_at').execute();
	return rows.map(interviewOf);
}

/** The annex of `inspectionId`'s interviews; null when it has none (its record states nothing of them). */
export async function interviewAnnexOf(db: Kysely<Database>, inspectionId: string): Promise<InterviewAnnex | null> {
	const interviews = await interviewsOf(db, inspectionId);
	if (interviews.length === 0) return null;
	const questionnaires = new Map<string, Questionnaire | null>();
	for (const i of interviews) {
		const key = keyOf({ templateId: i.questionnaireId, version: i.questionnaireVersion });
		if (!questionnaires.has(key)) questionnaires.set(key, await pinnableQuestionnaire(db, i.questionnaireId, i.questionnaireVersion));
	}
	return interviewAnnex(interviews, (templateId, version) => questionnaires.get(keyOf({ templateId, version })) ?? null);
}
