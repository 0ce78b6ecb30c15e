/**
 * An answer's value in words, for the places that show an answer rather than edit it: the
 * versions of a conflicting answer the trưởng đoàn chooses between (issue 17).
 */
import type { AnswerValue } from '$lib/domain/inspection';
import type { TemplateItem } from '$lib/domain/template';
import { m } from './i18n.svelte';

export function answerWords(value: AnswerValue | null, item?: TemplateItem): string {
	if (value === null) return m.team_answer_none();
	switch (value.kind) {
		case 'pass':
			return value.result === 'pass' ? m.inspection_pass() : m.inspection_fail();
		case 'na':
			if (value.reason === 'not_checkable') return m.inspection_not_checkable_with_reason({ reason: value.text ?? '' });
			return value.reason === 'not_observed' ? m.inspection_not_observed() : m.inspection_not_applicable();
		case 'count':
			return `${value.numerator}/${value.denominator}`;
		case 'sample':
			return `${value.passed}/${value.size}`;
		case 'number':
			return String(value.value);
		case 'text':
			return value.value;
		case 'choice': {
			const options = item?.kind === 'choice' ? item.choice.options : [];
			return options.find((o) => o.value === value.value)?.label ?? value.value;
		}
	}
}
