/**
 * A citizen's answer at a feedback point (POST /api/feedback/<token>, docs/feedback-point.md).
 * Checked against the questionnaire version the page showed (`checkResponse`), stored once per
 * `submissionId`, with nothing about the person or the phone: no address, user agent, cookie or
 * account, and the time only to the hour. The answer and the feedback item its free text becomes
 * commit together; a burst past the flood rule marks the hour's answers of that point.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { vietnamDate } from '$lib/domain/dates';
import { FLOOD_ANSWERS_PER_HOUR, floodIdOf, receivedHour } from '$lib/domain/feedback-point';
import { feedbackSubmissionSchema, type FeedbackReceipt } from '$lib/domain/protocol/feedback-points';
import { checkResponse, freeTextOf, type Questionnaire, type ResponseProblem } from '$lib/domain/questionnaire';
import { inTransaction } from '../auth/transaction';
import type { Database, FeedbackPointsTable } from '../db/schema';
import { parseOrRefuse, Refusal } from '../http';
import { pinnableQuestionnaire } from '../templates/questionnaire-rows';
import { pointByToken } from './points';

/** The active point a public request names: 404 for no such token, 410 once it was revoked or rotated. */
export async function openPoint(db: Kysely<Database>, token: string): Promise<FeedbackPointsTable> {
	const point = await pointByToken(db, token);
	if (!point) throw new Refusal(404, 'feedback_point_not_found', 'No feedback point has this address');
	if (point.status !== 'active')
		throw new Refusal(410, 'feedback_point_revoked', 'This feedback point was withdrawn: the poster is out of date');
	return point;
}

const problemWords: Record<ResponseProblem['code'], string> = {
	unknown_question: 'The questionnaire has no such question',
	wrong_value_kind: 'This answer is not of the kind the question takes',
	required: 'This question must be answered',
	unknown_fact: 'The questionnaire asks no such fact',
	unknown_option: 'This is not one of the choices',
	empty_response: 'Nothing was answered'
};

/** The questionnaire version the answer names, when the point's province may use it. */
async function questionnaireFor(db: Kysely<Database>, point: FeedbackPointsTable, id: string, version: string): Promise<Questionnaire> {
	const template = await db.selectFrom('templates').select('scope_province_code').where('id', '=', id).executeTakeFirst();
	const scope = template?.scope_province_code ?? null;
	const inScope = !!template && (scope === null || Number(scope) === Number(point.province_code));
	const questionnaire = inScope ? await pinnableQuestionnaire(db, id, version) : null;
	if (!questionnaire)
		throw new Refusal(400, 'invalid_request', 'No such questionnaire version for this feedback point', 'questionnaireVersion');
	return questionnaire;
}

/**
 * Stores one answer to `point`, or recognises a resend (same `submissionId`) and stores nothing.
 * 400 `invalid_request` with the field at fault for an answer the questionnaire does not take.
 */
export async function storeAnswer(
	db: Kysely<Database>,
	point: FeedbackPointsTable,
	body: unknown,
	now = new Date()
): Promise<FeedbackReceipt> {
	const submission = parseOrRefuse(feedbackSubmissionSchema, body);
	const questionnaire = await questionnaireFor(db, point, submission.questionnaireId, submission.questionnaireVersion);
	const response = { answers: submission.answers, facts: submission.facts };
	const problem = checkResponse(questionnaire, response)[0];
	if (problem) throw new Refusal(400, 'invalid_request', problemWords[problem.code], problem.field);

	const hour = receivedHour(now);
	// A random id, not a v7: an id that sorts by time would keep the minute the hour hides.
	const id = randomUUID();
	const text = freeTextOf(questionnaire, response);
	return inTransaction(db, async (trx) => {
		// Holds the point for this transaction (a row lock on PostgreSQL; SQLite writes one at a time
		// anyway): answers to one point are counted for the flood rule one after another, and a
		// revocation that committed meanwhile refuses this answer too.
		const held = await trx
			.updateTable('feedback_points')
			.set({ status: 'active' })
			.where('id', '=', point.id)
			.where('status', '=', 'active')
			.executeTakeFirst();
		if (Number(held.numUpdatedRows) === 0)
			throw new Refusal(410, 'feedback_point_revoked', 'This feedback point was withdrawn: the poster is out of date');
		const inserted = await trx
			.insertInto('feedback_responses')
			.values({
				id,
				submission_id: submission.submissionId,
				point_id: point.id,
				unit_code: Number(point.unit_code),
				province_code: Number(point.province_code),
				questionnaire_id: submission.questionnaireId,
				questionnaire_version: submission.questionnaireVersion,
				answers: JSON.stringify(response.answers),
				facts: JSON.stringify(response.facts),
				received_hour: hour,
				flood: null
			})
			.onConflict((oc) => oc.column('submission_id').doNothing())
			.executeTakeFirst();
		if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return { status: 'already_stored' as const };

		const flood = await floodOf(trx, point.id, hour);
		if (text !== '')
			await trx
				.insertInto('feedback_items')
				.values({
					id: randomUUID(),
					source: 'point',
					response_id: id,
					interview_id: null,
					unit_code: Number(point.unit_code),
					province_code: Number(point.province_code),
					text,
					received_on: vietnamDate(now),
					flood: flood === null ? 0 : 1,
					status: 'open',
					handled_by: null,
					handled_at: null,
					reply_note: null
				})
				.execute();
		return { status: 'stored' as const };
	});
}

/**
 * The flood rule (FLOOD_ANSWERS_PER_HOUR): once the point's answers of this hour pass it, every
 * one of them — this one and those stored before — carries the burst's id, and their feedback
 * items are marked. Returns the burst's id, or null for an ordinary hour.
 */
async function floodOf(trx: Kysely<Database>, pointId: string, hour: string): Promise<string | null> {
	const { n } = await trx
		.selectFrom('feedback_responses')
		.select((eb) => eb.fn.countAll().as('n'))
		.where('point_id', '=', pointId)
		.where('received_hour', '=', hour)
		.executeTakeFirstOrThrow();
	if (Number(n) <= FLOOD_ANSWERS_PER_HOUR) return null;
	const flood = floodIdOf(pointId, hour);
	await trx
		.updateTable('feedback_responses')
		.set({ flood })
		.where('point_id', '=', pointId)
		.where('received_hour', '=', hour)
		.where('flood', 'is', null)
		.execute();
	await trx
		.updateTable('feedback_items')
		.set({ flood: 1 })
		.where('source', '=', 'point')
		.where('flood', '=', 0)
		.where('response_id', 'in', trx.selectFrom('feedback_responses').select('id').where('flood', '=', flood))
		.execute();
	return flood;
}
