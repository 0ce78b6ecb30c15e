/**
 * A unit's own view of what its citizens said (issue 19, must-show 4): respondents and the
 * average per SIPAS factor over its interviews and its feedback point, and — only where its
 * province turned it on — its comments with anything that looks like a phone number, an ID
 * number or a name masked. The masking happens here, on the server: a ward's device never
 * receives a comment's raw text, nor who handled it or the reply note (a note may name the
 * citizen the supervisor called back).
 *
 * What counts: the unit's point answers received in the period that are not part of a flood,
 * and the interviews of its published (approved, official) records whose visit started in the
 * period. An interview of a record not yet published is not counted and its comment not shown:
 * it would tell the ward that a visit took place (docs/secrecy.md).
 */
import type { Kysely } from 'kysely';
import { addDays, vietnamDate } from '$lib/domain/dates';
import { wardVisibleStatuses } from '$lib/domain/permissions';
import type { FeedbackSummary, FeedbackSummaryQuery, MaskedComment } from '$lib/domain/protocol/feedback';
import { feedbackSourceSchema, feedbackStatusSchema } from '$lib/domain/protocol/feedback';
import { maskPersonalData, responseSchema, summarizeResponses, type ScoredResponse } from '$lib/domain/questionnaire';
import { authorizeProvince } from '../authorize';
import type { Database } from '../db/schema';
import { Refusal } from '../http';
import type { Actor } from '../sync/actor';
import { pinnableQuestionnaire } from '../templates/questionnaire-rows';
import { findUnit } from '../units/unit-directory';
import { vietnamDayBounds } from './feedback-items';
import { wardSeesComments } from './feedback-settings';

const ROUTE = 'GET /api/feedback-summary';

/** Days a summary covers when the request names none: the last three months. */
export const DEFAULT_SUMMARY_DAYS = 90;

/** Most comments one answer carries, newest first. */
export const MAX_SUMMARY_COMMENTS = 200;

/** The unit asked about: a ward's own (another is refused), any unit of an overseer's province. */
async function unitFor(db: Kysely<Database>, actor: Actor, asked: number | undefined) {
	if (actor.role === 'ward') {
		if (asked !== undefined && asked !== actor.unitCode)
			throw new Refusal(403, 'forbidden', "A ward sees only its own unit's feedback", 'unit');
		asked = actor.unitCode ?? undefined;
	}
	if (asked === undefined) throw new Refusal(400, 'invalid_request', 'Name the unit', 'unit');
	const unit = await findUnit(db, asked);
	if (!unit) throw new Refusal(404, 'unit_not_found', `No unit with code ${asked}`, 'unit');
	authorizeProvince(actor, ROUTE, unit.provinceCode);
	return unit;
}

/** The answers a pinned questionnaire version can score; a version no longer known is skipped. */
async function scored(
	db: Kysely<Database>,
	rows: { questionnaire_id: string; questionnaire_version: string; answers: string; facts: string }[]
) {
	const out: ScoredResponse[] = [];
	for (const row of rows) {
		const questionnaire = await pinnableQuestionnaire(db, row.questionnaire_id, row.questionnaire_version);
		const response = responseSchema.safeParse({ answers: JSON.parse(row.answers) as unknown, facts: JSON.parse(row.facts) as unknown });
		if (questionnaire && response.success) out.push({ questionnaire, response: response.data });
	}
	return out;
}

/** GET /api/feedback-summary. */
export async function feedbackSummary(db: Kysely<Database>, actor: Actor, query: FeedbackSummaryQuery): Promise<FeedbackSummary> {
	const unit = await unitFor(db, actor, query.unit);
	const to = query.to ?? vietnamDate();
	const from = query.from ?? addDays(to, -(DEFAULT_SUMMARY_DAYS - 1));
	const { start, end } = vietnamDayBounds(from, to);

	const pointRows = await db
		.selectFrom('feedback_responses')
		.select(['questionnaire_id', 'questionnaire_version', 'answers', 'facts'])
		.where('unit_code', '=', unit.code)
		.where('flood', 'is', null)
		.where('received_hour', '>=', start)
		.where('received_hour', '<', end)
		.execute();
	const interviewRows = await db
		.selectFrom('interviews as iv')
		.innerJoin('inspections as i', 'i.id', 'iv.inspection_id')
		.select(['iv.questionnaire_id', 'iv.questionnaire_version', 'iv.answers', 'iv.facts'])
		.where('i.unit_code', '=', unit.code)
		.where('i.kind', '=', 'official')
		.where('i.status', 'in', wardVisibleStatuses)
		.where('i.started_at', '>=', start)
		.where('i.started_at', '<', end)
		.execute();
	const points = await scored(db, pointRows);
	const interviews = await scored(db, interviewRows);
	const summary = summarizeResponses([...interviews, ...points]);

	const shown = await wardSeesComments(db, unit.provinceCode);
	return {
		unitCode: unit.code,
		unitName: unit.name,
		from,
		to,
		respondents: summary.respondents,
		bySource: { interview: interviews.length, point: points.length },
		factors: summary.factors,
		respondentsWithCritical: summary.respondentsWithCritical,
		commentsShown: shown,
		comments: shown ? await maskedComments(db, unit.code, from, to) : null
	};
}

/**
 * The unit's comments of the period, masked: from its feedback point, and from interviews of its
 * published records only; flooded ones left out as they are left out of the averages.
 */
async function maskedComments(db: Kysely<Database>, unitCode: number, from: string, to: string): Promise<MaskedComment[]> {
	const rows = await db
		.selectFrom('feedback_items as f')
		.leftJoin('interviews as iv', 'iv.id', 'f.interview_id')
		.leftJoin('inspections as i', 'i.id', 'iv.inspection_id')
		.select(['f.id', 'f.source', 'f.received_on', 'f.text', 'f.status'])
		.where('f.unit_code', '=', unitCode)
		.where('f.flood', '=', 0)
		.where('f.received_on', '>=', from)
		.where('f.received_on', '<=', to)
		.where((eb) =>
			eb.or([
				eb('f.source', '=', 'point'),
				eb.and([eb('f.source', '=', 'interview'), eb('i.status', 'in', wardVisibleStatuses), eb('i.kind', '=', 'official')])
			])
		)
		.orderBy('f.received_on', 'desc')
		.orderBy('f.id', 'desc')
		.limit(MAX_SUMMARY_COMMENTS)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		source: feedbackSourceSchema.parse(r.source),
		receivedOn: r.received_on,
		text: maskPersonalData(r.text),
		status: feedbackStatusSchema.parse(r.status)
	}));
}
