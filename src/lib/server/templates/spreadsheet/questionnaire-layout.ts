/**
 * The questionnaire workbook's layout (issue 19: a questionnaire is importable like any
 * template): one sheet for what the form is, then its factor groups, questions, respondent facts
 * and their options. Same conventions as the checklist's (columns.ts): row 1 holds machine names,
 * each following row is one entry, a parent column names the entry a row belongs to.
 */
import type { Column, SheetLayout } from './columns';

const text = (name: string, width = 16): Column => ({ name, type: 'text', width });

export const questionnaireLayouts = {
	/** One data row. The sheet's name is what tells a questionnaire's workbook from a checklist's. */
	questionnaire: {
		sheet: 'Questionnaire',
		required: true,
		columns: [text('id'), text('version'), text('name', 50), text('locale', 8), text('intro', 60), text('introEn', 50)]
	},
	/** One row per SIPAS factor group, in order. */
	groups: {
		sheet: 'Groups',
		required: true,
		columns: [text('factor', 8), text('title', 50), text('titleEn', 40)]
	},
	/** One row per question, in order; `factor` names its group. */
	questions: {
		sheet: 'Questions',
		required: true,
		parent: 'factor',
		columns: [
			text('factor', 8),
			text('id', 6),
			text('kind', 8),
			text('text', 60),
			text('textEn', 40),
			{ name: 'required', type: 'boolean', width: 10 },
			{ name: 'criticalAtMost', type: 'integer', kinds: ['scale5'], width: 14 },
			{ name: 'criticalWhen', type: 'text', kinds: ['yesno'], width: 14 }
		]
	},
	/** Respondent facts (choices only, nothing that identifies a person). */
	facts: {
		sheet: 'Facts',
		required: false,
		columns: [text('id', 14), text('label', 40), text('labelEn', 30)]
	},
	/** The options of each fact, in order; `fact` names it. */
	factOptions: {
		sheet: 'FactOptions',
		required: false,
		parent: 'fact',
		columns: [text('fact', 14), text('value', 14), text('label', 30), text('labelEn', 30)]
	}
} as const satisfies Record<string, SheetLayout>;

export type QuestionnaireSheetKey = keyof typeof questionnaireLayouts;
export const questionnaireSheetOrder = Object.keys(questionnaireLayouts) as QuestionnaireSheetKey[];
