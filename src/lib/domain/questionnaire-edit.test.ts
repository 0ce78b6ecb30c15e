import { describe, expect, it } from 'vitest';
import { questionnaireSchema, type Question } from './questionnaire';
import { blankGroup, blankQuestion, nextQuestionId, unusedFactors, withKind } from './questionnaire-edit';
import shipped from '../templates/questionnaire-2026-v1.json';

const questionnaire = questionnaireSchema.parse(shipped);

describe('editing a questionnaire draft', () => {
	it('gives a new question the number after every one in use or used by the version it came from', () => {
		expect(nextQuestionId(questionnaire.groups)).toBe('Q12');
		expect(nextQuestionId(questionnaire.groups, ['Q14', 'X3'])).toBe('Q15');
		expect(nextQuestionId([])).toBe('Q1');
		expect(nextQuestionId([{ questions: [blankQuestion('Q99')] }])).toBeNull();
	});

	it('switching a question’s kind keeps its words and drops the old kind’s settings', () => {
		const question: Question = {
			id: 'Q5',
			kind: 'scale5',
			text: 'Công chức có lịch sự không?',
			textEn: 'Polite?',
			required: true,
			criticalAtMost: 1
		};
		expect(withKind(question, 'yesno')).toEqual({
			id: 'Q5',
			kind: 'yesno',
			text: 'Công chức có lịch sự không?',
			textEn: 'Polite?',
			required: true
		});
		expect(withKind({ id: 'Q6', kind: 'yesno', text: 'Có?', required: false, criticalWhen: 'yes' }, 'text')).toEqual({
			id: 'Q6',
			kind: 'text',
			text: 'Có?',
			required: false
		});
	});

	it('offers only the SIPAS factors without a group, and a new group fails the schema until written', () => {
		expect(unusedFactors(questionnaire.groups)).toEqual([]);
		expect(unusedFactors(questionnaire.groups.filter((g) => g.factor !== 'CC' && g.factor !== 'TC'))).toEqual(['TC', 'CC']);
		const draft = { ...questionnaire, groups: [...questionnaire.groups.filter((g) => g.factor !== 'KQ'), blankGroup('KQ', 'Q12')] };
		const paths = questionnaireSchema.safeParse(draft).error?.issues.map((i) => i.path.join('.'));
		expect(paths).toEqual(['groups.4.title', 'groups.4.questions.0.text']);
	});
});
