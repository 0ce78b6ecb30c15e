/**
 * Exit interviews during a visit (issue 19, must-show 2): the inspector asks citizens at the
 * counter the province's short questionnaire (questionnaire.ts), one interview per respondent,
 * on the phone and offline. Each interview pins the questionnaire version it was taken on and
 * belongs to the visit's record; it syncs with the record through the `recordInterview` and
 * `removeInterview` intents, and the record prints an annex of the aggregates (`interviewAnnex`),
 * never a respondent's own answers or words.
 *
 * Pure and shared: the device and the server build the same annex from the same rows, and the
 * record's fingerprint covers its lines (record-fingerprint.ts).
 */
import { z } from 'zod';
import { idSchema } from './ids';
import {
	responseSchema,
	sipasFactors,
	summarizeResponses,
	type Questionnaire,
	type QuestionnaireVersion,
	type Response,
	type ResponseSummary
} from './questionnaire';
import { effectiveVersion, templateIdSchema, versionLabelSchema } from './template-versions';
import type { SipasFactor } from './template';

const isoDateTime = z.iso.datetime({ offset: true, message: 'invalid_datetime' });

/** One respondent's interview as the device keeps it and the server sends it (entity `interview`). */
export const interviewSchema = z.object({
	id: idSchema,
	inspectionId: idSchema,
	questionnaireId: templateIdSchema,
	questionnaireVersion: versionLabelSchema,
	answers: responseSchema.shape.answers,
	facts: responseSchema.shape.facts,
	/** When the inspector took it (device time, like an answer's). */
	takenAt: isoDateTime,
	/** The account that took it ('' before the server has said). */
	takenBy: z.string()
});
export type Interview = z.infer<typeof interviewSchema>;

/** Arguments of the interview intents (spread into `mutationArgsSchemas`). */
export const interviewArgsSchemas = {
	/**
	 * Records one respondent's answers, or replaces them when the interview exists (the same
	 * `interviewId`): while the record is a draft or returned, by its writer or an account of its
	 * team. The server checks the answers against the pinned questionnaire version.
	 */
	recordInterview: z.object({
		interviewId: idSchema,
		inspectionId: idSchema,
		questionnaireId: templateIdSchema,
		questionnaireVersion: versionLabelSchema,
		answers: responseSchema.shape.answers,
		facts: responseSchema.shape.facts,
		takenAt: isoDateTime
	}),
	/** Removes an interview of the record (and the feedback item its free text became). */
	removeInterview: z.object({ inspectionId: idSchema, interviewId: idSchema })
} as const;

/** The response an interview carries, as questionnaire.ts checks and scores it. */
export const responseOf = (i: Pick<Interview, 'answers' | 'facts'>): Response => ({ answers: i.answers, facts: i.facts });

/**
 * The questionnaire a new interview of a visit takes: the published version in effect for the
 * record's province on the visit's date (the province's own before the national one, as for
 * checklists). A visit dated before any questionnaire took effect takes the one in effect on
 * `today`, so a record started before the first publication can still hear citizens.
 */
export function questionnaireForVisit(
	versions: readonly QuestionnaireVersion[],
	provinceCode: number,
	visitDate: string,
	today: string
): QuestionnaireVersion | null {
	const metas = versions.map((v) => ({
		...v,
		basedOn: null,
		publishedAt: null,
		retiredAt: null,
		createdBy: null,
		createdAt: '',
		updatedAt: ''
	}));
	const chosen = effectiveVersion(metas, provinceCode, visitDate) ?? effectiveVersion(metas, provinceCode, today);
	return chosen ? (versions.find((v) => v.templateId === chosen.templateId && v.version === chosen.version) ?? null) : null;
}

/** One line of a factor in the annex: its average to two decimals, or null when nobody answered it. */
export interface AnnexFactor {
	factor: SipasFactor;
	n: number;
	/** The mean rounded to two decimals, as printed (and signed). */
	mean: number | null;
	smallSample: boolean;
}

/** "Phụ lục: Ý kiến người dân": what the record prints of its interviews. */
export interface InterviewAnnex {
	respondents: number;
	factors: AnnexFactor[];
	/** Critical answers per critical question that received any, most first. */
	critical: { questionId: string; text: string; count: number }[];
	respondentsWithCritical: number;
	/** Interviews whose questionnaire version this device or server does not hold (not counted). */
	unreadable: number;
}

const twoDecimals = (x: number) => Math.round(x * 100) / 100;

/**
 * The annex of a record's interviews, each scored on the questionnaire version it pinned
 * (`questionnaireOf` answers null for a version not at hand: such an interview is counted in
 * `unreadable`, never guessed at). Null when the record has no interview: such a record prints
 * and signs exactly what it did before issue 19.
 */
export function interviewAnnex(
	interviews: readonly Pick<Interview, 'questionnaireId' | 'questionnaireVersion' | 'answers' | 'facts'>[],
	questionnaireOf: (templateId: string, version: string) => Questionnaire | null
): InterviewAnnex | null {
	if (interviews.length === 0) return null;
	const scored = [];
	let unreadable = 0;
	for (const interview of interviews) {
		const questionnaire = questionnaireOf(interview.questionnaireId, interview.questionnaireVersion);
		if (questionnaire) scored.push({ questionnaire, response: responseOf(interview) });
		else unreadable++;
	}
	const summary: ResponseSummary = summarizeResponses(scored);
	return {
		respondents: summary.respondents,
		factors: sipasFactors.map((factor) => {
			const f = summary.factors[factor];
			return { factor, n: f.n, mean: f.mean === null ? null : twoDecimals(f.mean), smallSample: f.smallSample };
		}),
		critical: summary.critical,
		respondentsWithCritical: summary.respondentsWithCritical,
		unreadable
	};
}

/**
 * The annex as the record's signatures and fingerprint bind it: respondents, each factor's n and
 * printed mean, and the critical counts by question id. Wording of a question is the pinned
 * version's (it cannot change), so the ids suffice.
 */
export function signedAnnex(annex: InterviewAnnex) {
	return {
		respondents: annex.respondents,
		factors: annex.factors.map((f) => ({ factor: f.factor, n: f.n, mean: f.mean })),
		critical: annex.critical
			.map((c) => ({ questionId: c.questionId, count: c.count }))
			.sort((a, b) => a.questionId.localeCompare(b.questionId))
	};
}

/** One SIPAS factor as the review shows it: what citizens said beside what the inspection found. */
export interface FactorBeside {
	factor: SipasFactor;
	/** The annex's line for the factor; null when the record has no interviews. */
	citizens: AnnexFactor | null;
	/** The record's findings on items of this factor (`sipas` of the pinned template's item). */
	findings: { itemId: string; title: string }[];
}

/**
 * Each SIPAS factor, in SIPAS's order, with the citizens' average and the findings of the same
 * factor, so a reviewer reads both side by side (issue 19: "beside the findings").
 */
export function factorsBesideFindings(
	template: { sections: readonly { items: readonly { id: string; sipas: SipasFactor }[] }[] },
	findings: readonly { itemId: string; title: string }[],
	annex: InterviewAnnex | null
): FactorBeside[] {
	const factorOf = new Map(template.sections.flatMap((s) => s.items.map((i) => [i.id, i.sipas] as const)));
	return sipasFactors.map((factor) => ({
		factor,
		citizens: annex?.factors.find((f) => f.factor === factor) ?? null,
		findings: findings.filter((f) => factorOf.get(f.itemId) === factor).map((f) => ({ itemId: f.itemId, title: f.title }))
	}));
}
