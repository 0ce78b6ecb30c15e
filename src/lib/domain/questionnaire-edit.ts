/**
 * Structural edits an admin makes to a draft questionnaire (issue 19): add a question, switch its
 * kind, add a factor group or a respondent fact. Pure: each returns new values, the editor's
 * state assigns them.
 *
 * Question ids are never renumbered or reused: responses answer by id and reports sum a question
 * across versions by its id, so a new question takes a number no version it came from used.
 */
import { sipasFactors, type Fact, type FactorGroup, type Question } from './questionnaire';
import type { SipasFactor } from './template';

const MAX_QUESTION_NUMBER = 99;

/** "Q<n>" one above the highest number in use or reserved (by the version drafted from); null past Q99. */
export function nextQuestionId(groups: readonly Pick<FactorGroup, 'questions'>[], reserved: Iterable<string> = []): string | null {
	let highest = 0;
	for (const id of [...groups.flatMap((g) => g.questions.map((q) => q.id)), ...reserved]) {
		const n = /^Q(\d{1,2})$/.exec(id)?.[1];
		if (n !== undefined) highest = Math.max(highest, Number(n));
	}
	return highest < MAX_QUESTION_NUMBER ? `Q${highest + 1}` : null;
}

/** A new question with its text left blank: saving refuses the draft at that field until it is written. */
export const blankQuestion = (id: string): Question => ({ id, kind: 'scale5', text: '', required: false });

/**
 * The question as another kind: what every kind has is kept (id, texts, required), the settings
 * of the old kind (criticalAtMost, criticalWhen) are dropped, since they mean nothing for the new one.
 */
export function withKind(question: Question, kind: Question['kind']): Question {
	const common = {
		id: question.id,
		text: question.text,
		required: question.required,
		...(question.textEn ? { textEn: question.textEn } : {})
	};
	return { ...common, kind };
}

/** SIPAS factors that have no group yet, in SIPAS's order. */
export const unusedFactors = (groups: readonly Pick<FactorGroup, 'factor'>[]): SipasFactor[] =>
	sipasFactors.filter((f) => !groups.some((g) => g.factor === f));

/** A new group of `factor` with one blank question. */
export const blankGroup = (factor: SipasFactor, firstQuestionId: string): FactorGroup => ({
	factor,
	title: '',
	questions: [blankQuestion(firstQuestionId)]
});

/** A new respondent fact: a choice between two options still to be written. */
export const blankFact = (): Fact => ({
	id: '',
	label: '',
	options: [
		{ value: '', label: '' },
		{ value: '', label: '' }
	]
});
