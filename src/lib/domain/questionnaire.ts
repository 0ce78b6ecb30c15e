/**
 * The citizen's voice (issue 19): a questionnaire is a template kind, versioned and published like
 * a checklist (template-versions.ts), but answered once per respondent instead of once per unit —
 * in an exit interview during a visit, or by the citizen on their own phone at the unit's feedback
 * point. Questions are grouped by SIPAS's five factors so the answers stand beside the
 * inspection's findings of the same factor (template.ts `sipas`).
 *
 * Pure and shared: the server checks every response with `checkResponse`, reports aggregate with
 * `summarizeResponses`, and free text reaches a ward only through `maskPersonalData`.
 */
import { z } from 'zod';
import { sipasFactorSchema, type SipasFactor } from './template';

/** The order SIPAS lists its factors, for tables, charts and the record's annex. */
export const sipasFactors: readonly SipasFactor[] = ['TC', 'TT', 'CC', 'KQ', 'PA'];

/** Fewer respondents than this: the average is printed with "n = …" and never ranked (must-show 5). */
export const SMALL_SAMPLE = 10;

/** Longest free-text answer a respondent may give; a longer one is refused, never cut. */
export const MAX_TEXT_ANSWER = 1000;

export const questionIdSchema = z.string().regex(/^Q[0-9]{1,2}$/, { message: 'Question ids look like Q1, Q12…' });
export const factIdSchema = z.string().regex(/^[a-z][a-zA-Z]{1,31}$/, { message: 'Fact ids look like ageBand' });

const questionBase = {
	id: questionIdSchema,
	text: z.string().min(3),
	textEn: z.string().min(3).optional(),
	/** A respondent may not skip it (the interview and the public form both say so). */
	required: z.boolean().default(false)
};

export const questionSchema = z.discriminatedUnion('kind', [
	/** 1 (rất không hài lòng) … 5 (rất hài lòng); counts in its factor's average. */
	z.object({
		...questionBase,
		kind: z.literal('scale5'),
		/** An answer at most this is a critical answer (e.g. 1: "rất không hài lòng"). */
		criticalAtMost: z.number().int().min(1).max(4).optional()
	}),
	/** Yes or no; not averaged. `criticalWhen`: the answer that is a critical answer. */
	z.object({ ...questionBase, kind: z.literal('yesno'), criticalWhen: z.enum(['yes', 'no']).optional() }),
	/** Short free text: a comment or complaint, handled as a feedback item, never published. */
	z.object({ ...questionBase, kind: z.literal('text') })
]);
export type Question = z.infer<typeof questionSchema>;

/** Respondent facts are choices only: no free text, nothing that identifies a person. */
export const factSchema = z.object({
	id: factIdSchema,
	label: z.string().min(3),
	labelEn: z.string().min(3).optional(),
	options: z
		.array(z.object({ value: z.string().regex(/^[a-z0-9-]{1,32}$/), label: z.string().min(1), labelEn: z.string().min(1).optional() }))
		.min(2)
		.max(20)
});
export type Fact = z.infer<typeof factSchema>;

export const factorGroupSchema = z.object({
	factor: sipasFactorSchema,
	title: z.string().min(3),
	titleEn: z.string().min(3).optional(),
	questions: z.array(questionSchema).min(1)
});
export type FactorGroup = z.infer<typeof factorGroupSchema>;

export const questionnaireSchema = z
	.object({
		kind: z.literal('questionnaire'),
		id: z.string().min(1),
		version: z.string().min(1),
		name: z.string().min(3),
		locale: z.literal('vi'),
		/** Read to (or by) the respondent first: whose form this is, that it is anonymous, how long. */
		intro: z.string().min(10),
		introEn: z.string().min(10).optional(),
		groups: z.array(factorGroupSchema).min(1),
		facts: z.array(factSchema).max(6).default([])
	})
	.superRefine((q, ctx) => {
		const ids = new Set<string>();
		const factors = new Set<string>();
		for (const g of q.groups) {
			if (factors.has(g.factor)) ctx.addIssue({ code: 'custom', message: `Factor ${g.factor} appears twice` });
			factors.add(g.factor);
			for (const question of g.questions) {
				if (ids.has(question.id)) ctx.addIssue({ code: 'custom', message: `Duplicate question id: ${question.id}` });
				ids.add(question.id);
			}
		}
		const factIds = new Set<string>();
		for (const f of q.facts) {
			if (factIds.has(f.id)) ctx.addIssue({ code: 'custom', message: `Duplicate fact id: ${f.id}` });
			factIds.add(f.id);
		}
	});
export type Questionnaire = z.infer<typeof questionnaireSchema>;

/** The kinds a template may be: a checklist (template.ts, no `kind` field) or a questionnaire. */
export const templateKinds = ['checklist', 'questionnaire'] as const;
export type TemplateKind = (typeof templateKinds)[number];
export const templateKindSchema = z.enum(templateKinds);

/** One answer: a scale point, yes/no, or short text. */
export const responseValueSchema = z.union([z.number().int().min(1).max(5), z.enum(['yes', 'no']), z.string().max(MAX_TEXT_ANSWER)]);
export type ResponseValue = z.infer<typeof responseValueSchema>;

/** A respondent's answers by question id, and facts by fact id (each an option's value). */
export const responseSchema = z.object({
	answers: z.record(questionIdSchema, responseValueSchema),
	facts: z.record(factIdSchema, z.string().max(32)).default({})
});
export type Response = z.infer<typeof responseSchema>;

/** One problem of a response against its questionnaire; `field` is the path a form can point at. */
export interface ResponseProblem {
	field: string;
	code: 'unknown_question' | 'wrong_value_kind' | 'required' | 'unknown_fact' | 'unknown_option' | 'empty_response';
}

export const questionsOf = (q: Questionnaire): Question[] => q.groups.flatMap((g) => g.questions);

/**
 * Checks a response against the questionnaire version it names. The server answers 400 with the
 * first problem; the forms use the whole list to point at each field. An empty response (nothing
 * answered) is refused: it would count a respondent who said nothing.
 */
export function checkResponse(q: Questionnaire, r: Response): ResponseProblem[] {
	const problems: ResponseProblem[] = [];
	const byId = new Map(questionsOf(q).map((question) => [question.id, question]));
	let answered = 0;
	for (const [id, value] of Object.entries(r.answers)) {
		const question = byId.get(id);
		if (!question) {
			problems.push({ field: `answers.${id}`, code: 'unknown_question' });
			continue;
		}
		if (!valueFits(question, value)) problems.push({ field: `answers.${id}`, code: 'wrong_value_kind' });
		else if (!(typeof value === 'string' && value.trim() === '')) answered++;
	}
	for (const question of byId.values())
		if (question.required && !isAnswered(r.answers[question.id])) problems.push({ field: `answers.${question.id}`, code: 'required' });
	const facts = new Map(q.facts.map((f) => [f.id, f]));
	for (const [id, value] of Object.entries(r.facts)) {
		const fact = facts.get(id);
		if (!fact) problems.push({ field: `facts.${id}`, code: 'unknown_fact' });
		else if (!fact.options.some((o) => o.value === value)) problems.push({ field: `facts.${id}`, code: 'unknown_option' });
	}
	if (answered === 0 && problems.length === 0) problems.push({ field: 'answers', code: 'empty_response' });
	return problems;
}

function valueFits(question: Question, value: ResponseValue): boolean {
	if (question.kind === 'scale5') return typeof value === 'number';
	if (question.kind === 'yesno') return value === 'yes' || value === 'no';
	return typeof value === 'string';
}

const isAnswered = (v: ResponseValue | undefined): boolean => v !== undefined && !(typeof v === 'string' && v.trim() === '');

/** Is this answer one of the questionnaire's critical answers? */
export function isCritical(question: Question, value: ResponseValue | undefined): boolean {
	if (value === undefined) return false;
	if (question.kind === 'scale5')
		return question.criticalAtMost !== undefined && typeof value === 'number' && value <= question.criticalAtMost;
	if (question.kind === 'yesno') return question.criticalWhen !== undefined && value === question.criticalWhen;
	return false;
}

/** A response with the questionnaire version it was given on (versions may differ within a period). */
export interface ScoredResponse {
	questionnaire: Questionnaire;
	response: Response;
}

export interface FactorAverage {
	/** Respondents who answered at least one scale question of the factor. */
	n: number;
	/** Mean over those respondents of each one's mean on the factor's scale questions (1–5); null when n = 0. */
	mean: number | null;
	/** n < SMALL_SAMPLE: print with "n = …", never rank. */
	smallSample: boolean;
}

export interface ResponseSummary {
	respondents: number;
	factors: Record<SipasFactor, FactorAverage>;
	/** Respondents with at least one critical answer. */
	respondentsWithCritical: number;
	/** Critical answers by question id (questions from every version summed by id and text). */
	critical: { questionId: string; text: string; count: number }[];
	/** Responses that carried free text (each is a feedback item). */
	withText: number;
}

/**
 * Respondents, the average per SIPAS factor and the critical answers of a set of responses. Each
 * respondent weighs the same in a factor however many of its questions they answered.
 */
export function summarizeResponses(responses: readonly ScoredResponse[]): ResponseSummary {
	const sums = Object.fromEntries(sipasFactors.map((f) => [f, { n: 0, total: 0 }])) as Record<SipasFactor, { n: number; total: number }>;
	const critical = new Map<string, { questionId: string; text: string; count: number }>();
	let respondentsWithCritical = 0;
	let withText = 0;
	for (const { questionnaire, response } of responses) {
		let anyCritical = false;
		let anyText = false;
		for (const group of questionnaire.groups) {
			let count = 0;
			let total = 0;
			for (const question of group.questions) {
				const value = response.answers[question.id];
				if (question.kind === 'scale5' && typeof value === 'number') {
					count++;
					total += value;
				}
				if (question.kind === 'text' && typeof value === 'string' && value.trim() !== '') anyText = true;
				if (isCritical(question, value)) {
					anyCritical = true;
					const key = `${question.id}\u0000${question.text}`;
					const entry = critical.get(key) ?? { questionId: question.id, text: question.text, count: 0 };
					entry.count++;
					critical.set(key, entry);
				}
			}
			if (count > 0) {
				sums[group.factor].n++;
				sums[group.factor].total += total / count;
			}
		}
		if (anyCritical) respondentsWithCritical++;
		if (anyText) withText++;
	}
	const factors = Object.fromEntries(
		sipasFactors.map((f) => {
			const { n, total } = sums[f];
			return [f, { n, mean: n === 0 ? null : total / n, smallSample: n < SMALL_SAMPLE }];
		})
	) as Record<SipasFactor, FactorAverage>;
	return {
		respondents: responses.length,
		factors,
		respondentsWithCritical,
		critical: [...critical.values()].sort((a, b) => b.count - a.count || a.questionId.localeCompare(b.questionId)),
		withText
	};
}

/** The free text of a response, joined in question order (what becomes a feedback item). */
export function freeTextOf(q: Questionnaire, r: Response): string {
	return questionsOf(q)
		.filter((question) => question.kind === 'text')
		.map((question) => r.answers[question.id])
		.filter((v): v is string => typeof v === 'string' && v.trim() !== '')
		.map((v) => v.trim())
		.join('\n');
}

const MASK = '•••';

/**
 * What a ward may read of a citizen's comment: anything that looks like a phone number, an ID
 * number (CMND 9 or CCCD 12 digits), an e-mail address, a licence plate or a person's name
 * after a form of address ("anh Nguyễn Văn A", "chị Lan", "ông Tư") is masked. It errs on the side
 * of masking: a sentence that loses a word is better than a citizen who is exposed.
 */
export function maskPersonalData(text: string): string {
	return (
		text
			// e-mail addresses
			.replace(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu, MASK)
			// licence plates: 29A-123.45, 51F 12345
			.replace(/\b\d{2}[A-Z]{1,2}[- ]?\d{3}\.?\d{2}\b/g, MASK)
			// phone numbers (+84 or 0, 9–11 digits with spaces, dots or dashes) and ID numbers (9–12 digits)
			.replace(/(?<![\p{L}\p{N}])\+?\d(?:[\s.-]?\d){7,13}(?!\p{N})/gu, MASK)
			// names after a form of address: up to four capitalised words
			.replace(
				/(^|[^\p{L}])((?:anh|chị|ông|bà|cô|chú|bác|em|cháu|cán bộ|công chức|đồng chí|Anh|Chị|Ông|Bà|Cô|Chú|Bác|Em|Cháu|Cán bộ|Công chức|Đồng chí)\s+)(\p{Lu}[\p{Ll}\p{M}]*(?:\s+\p{Lu}[\p{Ll}\p{M}]*){0,3})/gu,
				(_m, before: string, title: string) => `${before}${title}${MASK}`
			)
	);
}

/** A questionnaire version as stored and sent to devices: the template meta with its content. */
export interface QuestionnaireVersion {
	templateId: string;
	version: string;
	name: string;
	status: 'draft' | 'published' | 'retired';
	effectiveFrom: string | null;
	/** null: national; a province code: that province's own questionnaire. */
	scopeProvinceCode: number | null;
	questionnaire: Questionnaire;
}
