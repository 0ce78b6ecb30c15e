/**
 * A questionnaire ⇄ the rows of its workbook (layout in questionnaire-layout.ts): pure, like the
 * checklist's conversion, and checked by the same schema as a JSON import, each problem placed
 * on the cell its value came from.
 */
import type { Questionnaire } from '$lib/domain/questionnaire';
import { checkContent, type ContentCheck } from '$lib/domain/template-import';
import { questionnaireLayouts as layouts, questionnaireSheetOrder, type QuestionnaireSheetKey } from './questionnaire-layout';
import { sheetRowsFor, type SheetRows } from './template-to-sheets';
import { WorkbookReader, type Entry, type Parent, type SheetInput } from './workbook-reader';

/** Every sheet of the workbook, in order; the facts' sheets only when the form asks any. */
export function questionnaireToSheets(q: Questionnaire): SheetRows[] {
	const entries: Record<QuestionnaireSheetKey, object[]> = {
		questionnaire: [q],
		groups: q.groups,
		questions: q.groups.flatMap((g) => g.questions.map((question) => ({ factor: g.factor, ...question }))),
		facts: q.facts,
		factOptions: q.facts.flatMap((f) => f.options.map((o) => ({ fact: f.id, ...o })))
	};
	return questionnaireSheetOrder
		.filter((key) => layouts[key].required || entries[key].length > 0)
		.map((key) => sheetRowsFor(layouts[key], entries[key]));
}

/** Whether these sheets are a questionnaire's workbook (its first sheet's name says so). */
export const isQuestionnaireWorkbook = (sheets: readonly SheetInput[]) =>
	sheets.some((s) => s.sheet.trim().toLowerCase() === layouts.questionnaire.sheet.toLowerCase());

/** Builds the questionnaire object; structural faults (unknown parent, repeated id) are problems. */
function assemble(reader: WorkbookReader<QuestionnaireSheetKey>): Entry {
	const [head, ...extra] = reader.rows('questionnaire');
	const sheet = layouts.questionnaire.sheet;
	for (const row of extra) reader.problem({ sheet, row: row.row }, `The ${sheet} sheet has one row under its header`);
	if (!head) reader.problem({ sheet, row: 2 }, `The ${sheet} sheet has no row under its header`);
	else reader.register('', head);
	const q: Entry = { ...(head?.entry ?? {}), kind: 'questionnaire' };

	const groups = reader.parents('groups', 'factor', 'groups', 'questions', 'Factor');
	reader.attach('questions', groups, layouts.groups.sheet);
	const facts = reader.parents('facts', 'id', 'facts', 'options', 'Fact');
	reader.attach('factOptions', facts, layouts.facts.sheet);
	const entries = (parents: Map<string, Parent>) => [...parents.values()].map((p) => p.entry);
	return { ...q, groups: entries(groups), facts: entries(facts) };
}

/** Reads a questionnaire from its workbook's sheets; problems sorted by sheet, row and column. */
export function questionnaireFromSheets(sheets: readonly SheetInput[]): ContentCheck {
	const reader = new WorkbookReader(sheets, layouts, questionnaireSheetOrder);
	const checked = checkContent(assemble(reader));
	const problems = reader.finish(checked);
	if (problems.length === 0 && checked.ok) return checked;
	return { ok: false, problems };
}
