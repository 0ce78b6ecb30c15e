/**
 * Exit interviews during a visit (issue 19), one function per user action, each one Dexie
 * read-write transaction that writes the interview and queues its intent together (the rule of
 * inspection-actions.ts): record (or correct) one respondent's interview, remove one.
 *
 * Offline: both work with no network and show at once; the interview reaches the server with
 * the record's other changes, exactly once (its mutationId). The device refuses first what the
 * server would refuse for sure, with the same codes: a record no longer open (`NotEditableError`),
 * an account not on the visit's team (`not_on_team`), answers that do not fit the questionnaire
 * (`response_invalid`). The server stays the authority.
 */
import { Dexie } from 'dexie';
import { uuidv7 } from '$lib/domain/uuid';
import { interviewers, type Principal } from '$lib/domain/permissions';
import { checkResponse, type QuestionnaireVersion, type Response } from '$lib/domain/questionnaire';
import { teamUserIds } from '$lib/domain/team-board';
import type { Interview } from '$lib/domain/interview';
import type { AppDb, LocalInspection } from './app-db';
import { NotAllowedError } from './action-errors';
import { NotEditableError } from './action-errors';
import { enqueue } from './outbox';
import { guardedWrite } from './storage-guard';
import { markPartTaken } from './team-rules';

const now = () => new Date().toISOString();

function write<T>(db: AppDb, body: () => Promise<T>): Promise<T> {
	const tables: Dexie.Table[] = [db.interviews, db.teamParts, db.inspections, db.outbox, db.meta];
	return guardedWrite(db, () => db.transaction('rw', tables, body));
}

/** The record, open, and the account on its team (its writer or a member); refused otherwise. */
async function openVisit(db: AppDb, who: Principal, inspectionId: string): Promise<LocalInspection> {
	const inspection = await db.inspections.get(inspectionId);
	if (!inspection) throw new NotAllowedError('inspection_not_found');
	if (!interviewers.includes(who.role)) throw new NotAllowedError('not_on_team');
	if (inspection.createdBy !== who.userId && !teamUserIds(inspection.team).includes(who.userId)) throw new NotAllowedError('not_on_team');
	if (inspection.status !== 'draft' && inspection.status !== 'returned') throw new NotEditableError();
	return inspection;
}

/** Only what was answered: a blank text or an unanswered question is left out, not sent empty. */
function answered(response: Response): Response {
	const answers = Object.fromEntries(Object.entries(response.answers).filter(([, v]) => !(typeof v === 'string' && v.trim() === '')));
	return { answers, facts: { ...response.facts } };
}

/**
 * Records one respondent's interview on `questionnaire` (the version in effect for the visit,
 * questionnaire-cache.ts), or replaces it when `interviewId` names one of the record's. Answers
 * are checked against the questionnaire first (`response_invalid`, nothing saved). Returns the
 * interview's id.
 */
export function recordInterview(
	db: AppDb,
	who: Principal,
	input: { inspectionId: string; interviewId?: string; questionnaire: QuestionnaireVersion; response: Response }
): Promise<string> {
	const response = answered(input.response);
	const [problem] = checkResponse(input.questionnaire.questionnaire, response);
	if (problem) return Promise.reject(new NotAllowedError('response_invalid', `${problem.code} at ${problem.field}`));
	return write(db, async () => {
		const inspection = await openVisit(db, who, input.inspectionId);
		const earlier = input.interviewId ? await db.interviews.get(input.interviewId) : undefined;
		if (earlier && earlier.inspectionId !== input.inspectionId) throw new NotAllowedError('already_exists');
		const interview: Interview = {
			id: input.interviewId ?? uuidv7(),
			inspectionId: input.inspectionId,
			questionnaireId: input.questionnaire.templateId,
			questionnaireVersion: input.questionnaire.version,
			answers: response.answers,
			facts: response.facts,
			// A correction keeps when the citizen was heard.
			takenAt: earlier?.takenAt ?? now(),
			takenBy: who.userId
		};
		const { id: interviewId, takenBy: _takenBy, ...args } = interview;
		await enqueue(db, 'recordInterview', { interviewId, ...args }, input.inspectionId);
		await db.interviews.put(interview);
		await markPartTaken(db, inspection, who.userId);
		await db.inspections.update(input.inspectionId, { updatedAt: now() });
		return interviewId;
	});
}

/** Removes an interview of the record (its free text leaves the supervisors' inbox with it). */
export function removeInterview(db: AppDb, who: Principal, input: { inspectionId: string; interviewId: string }): Promise<void> {
	return write(db, async () => {
		await openVisit(db, who, input.inspectionId);
		const interview = await db.interviews.get(input.interviewId);
		if (!interview || interview.inspectionId !== input.inspectionId) return;
		await enqueue(db, 'removeInterview', input, input.inspectionId);
		await db.interviews.delete(input.interviewId);
		await db.inspections.update(input.inspectionId, { updatedAt: now() });
	});
}
