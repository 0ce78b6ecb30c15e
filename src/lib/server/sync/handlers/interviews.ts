/**
 * Exit interviews during a visit (issue 19; domain/interview.ts). The writer of the record and
 * the accounts of its team record citizens' answers while the record is a draft or returned;
 * each interview pins a questionnaire version the server ships and is checked against it. The
 * free text of an interview becomes one feedback item for the province's supervisors, written
 * in the same transaction: replaced with the interview, removed with it.
 *
 * Exactly once: applied once per mutationId like every intent (apply-push.ts); recording the
 * same interview again replaces it, removing one that is gone changes nothing.
 */
import { uuidv7 } from '$lib/domain/ids';
import { vietnamDate } from '$lib/domain/dates';
import type { MutationArgs } from '$lib/domain/protocol';
import { checkResponse, freeTextOf, type Questionnaire } from '$lib/domain/questionnaire';
import type { Interview } from '$lib/domain/interview';
import type { InspectionRow } from '../../db/schema';
import { pinnableQuestionnaire } from '../../templates/questionnaire-rows';
import { applied, refuse, type Outcome } from '../results';
import { editableInspection, type HandlerContext } from './context';
import { takePart } from './team';

/** What `checkResponse` finds, in words for logs and outside clients. */
const problemMessages = {
	unknown_question: 'The questionnaire has no such question',
	wrong_value_kind: 'The answer is of another kind than the question takes',
	required: 'The question must be answered',
	unknown_fact: 'The questionnaire has no such respondent fact',
	unknown_option: 'The fact has no such option',
	empty_response: 'Nothing was answered'
} as const;

/**
 * Records (or replaces) one respondent's interview. Refused `unknown_questionnaire` for a version
 * that is not published or retired, `response_invalid` (with the field of the first problem) for
 * answers that do not fit it, and `already_exists` when the id is another record's interview.
 */
export async function recordInterview(ctx: HandlerContext, args: MutationArgs<'recordInterview'>): Promise<Outcome> {
	const target = await editableInspection(ctx, 'recordInterview', args.inspectionId);
	if (!target.ok) return target.outcome;
	const questionnaire = await pinnableQuestionnaire(ctx.trx, args.questionnaireId, args.questionnaireVersion);
	if (!questionnaire) {
		const message = `No published questionnaire ${args.questionnaireId} version ${args.questionnaireVersion}`;
		return refuse('rejected', 'unknown_questionnaire', message, 'args.questionnaireVersion');
	}
	const response = { answers: args.answers, facts: args.facts };
	const [problem] = checkResponse(questionnaire, response);
	if (problem) return refuse('rejected', 'response_invalid', `${problemMessages[problem.code]} (${problem.code})`, `args.${problem.field}`);
	const existing = await ctx.trx.selectFrom('interviews').select('inspection_id').where('id', '=', args.interviewId).executeTakeFirst();
	if (existing && existing.inspection_id !== args.inspectionId)
		return refuse('conflict', 'already_exists', "This interview id is another record's", 'args.interviewId');

	const row: Interview = {
		id: args.interviewId,
		inspectionId: args.inspectionId,
		questionnaireId: args.questionnaireId,
		questionnaireVersion: args.questionnaireVersion,
		answers: args.answers,
		facts: args.facts,
		takenAt: args.takenAt,
		takenBy: ctx.actor.userId
	};
	const version = ctx.log.upsert(target.scope, 'interview', row);
	const columns = {
		questionnaire_id: row.questionnaireId,
		questionnaire_version: row.questionnaireVersion,
		answers: JSON.stringify(row.answers),
		facts: JSON.stringify(row.facts),
		taken_at: row.takenAt,
		taken_by: row.takenBy,
		version,
		updated_at: ctx.now
	};
	await ctx.trx
		.insertInto('interviews')
		.values({ id: row.id, inspection_id: row.inspectionId, ...columns })
		.onConflict((oc) => oc.column('id').doUpdateSet(columns))
		.execute();
	await writeFeedbackItem(ctx, target.inspection, row, questionnaire);
	await takePart(ctx, target);
	return applied;
}

/** Removes an interview of the record and its feedback item; one already gone changes nothing. */
export async function removeInterview(ctx: HandlerContext, args: MutationArgs<'removeInterview'>): Promise<Outcome> {
	const target = await editableInspection(ctx, 'removeInterview', args.inspectionId);
	if (!target.ok) return target.outcome;
	const existing = await ctx.trx
		.selectFrom('interviews')
		.select('id')
		.where('id', '=', args.interviewId)
		.where('inspection_id', '=', args.inspectionId)
		.executeTakeFirst();
	if (!existing) return applied;
	ctx.log.delete(target.scope, 'interview', { id: args.interviewId, inspectionId: args.inspectionId });
	await ctx.trx.deleteFrom('interviews').where('id', '=', args.interviewId).execute();
	await ctx.trx.deleteFrom('feedback_items').where('interview_id', '=', args.interviewId).execute();
	return applied;
}

/**
 * The interview's free text as a feedback item (source 'interview', the record's unit and
 * province, the day it was taken): written when there is text, its text updated when the
 * interview is replaced (a supervisor's handling stays), removed when the text is gone.
 */
async function writeFeedbackItem(ctx: HandlerContext, inspection: InspectionRow, interview: Interview, questionnaire: Questionnaire) {
	const text = freeTextOf(questionnaire, interview);
	const existing = await ctx.trx.selectFrom('feedback_items').select('id').where('interview_id', '=', interview.id).executeTakeFirst();
	if (text === '') {
		if (existing) await ctx.trx.deleteFrom('feedback_items').where('id', '=', existing.id).execute();
		return;
	}
	const columns = {
		unit_code: inspection.unit_code,
		province_code: inspection.province_code,
		text,
		received_on: vietnamDate(interview.takenAt)
	};
	if (existing) {
		await ctx.trx.updateTable('feedback_items').set(columns).where('id', '=', existing.id).execute();
		return;
	}
	await ctx.trx
		.insertInto('feedback_items')
		.values({ id: uuidv7(), source: 'interview', response_id: null, interview_id: interview.id, status: 'open', ...columns })
		.execute();
}
