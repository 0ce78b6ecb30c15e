import { describe, expect, it } from 'vitest';
import { questionnaireSchema, type Questionnaire } from '$lib/domain/questionnaire';
import defaultQuestionnaireFile from '$lib/templates/questionnaire-2026-v1.json';
import type { CellValue } from './cells';
import { questionnaireFromSheets, questionnaireToSheets } from './questionnaire-sheets';
import type { SheetInput } from './workbook-reader';
import { templateFromXlsx, templateToXlsx } from './xlsx';

const shipped = questionnaireSchema.parse(defaultQuestionnaireFile);

/** The exported rows as the reader gives them back: plain values, sheet by sheet. */
const sheetsOf = (q: Questionnaire): SheetInput[] =>
	questionnaireToSheets(q).map(({ layout, rows }) => ({
		sheet: layout.sheet,
		data: rows.map((row) => row.map((cell) => (cell === null ? null : cell.value)))
	}));
const sheet = (sheets: SheetInput[], name: string) => sheets.find((s) => s.sheet === name)!;
function setCell(s: SheetInput, row: number, column: string, value: CellValue): void {
	s.data[row - 1]![s.data[0]!.indexOf(column)] = value;
}

describe('questionnaire workbook', () => {
	it('gives back the shipped questionnaire unchanged, through the rows and through XLSX bytes', async () => {
		expect(shipped.facts.length).toBeGreaterThan(0);
		expect(questionnaireFromSheets(sheetsOf(shipped))).toEqual({ ok: true, template: shipped });
		expect(await templateFromXlsx(new Uint8Array(await templateToXlsx(shipped)))).toEqual({ ok: true, template: shipped });
	});

	it('lists a questionnaire without facts with no facts sheets, and reads it back with none', () => {
		const plain = { ...shipped, facts: [] };
		const sheets = sheetsOf(plain);
		expect(sheets.map((s) => s.sheet)).toEqual(['Questionnaire', 'Groups', 'Questions']);
		expect(questionnaireFromSheets(sheets)).toEqual({ ok: true, template: plain });
	});

	it('names the cell of every fault: a cell of the wrong type, a setting of another kind, the schema’s verdict, an unknown parent', () => {
		const sheets = sheetsOf(shipped);
		const questions = sheet(sheets, 'Questions');
		setCell(questions, 2, 'criticalAtMost', 'thấp'); // Q1, scale5
		setCell(questions, 3, 'criticalWhen', 'no'); // Q2 is scale5: yes/no setting refused
		setCell(questions, 5, 'text', ''); // Q4: too short for the schema
		setCell(sheet(sheets, 'FactOptions'), 2, 'fact', 'khongCo');
		const read = questionnaireFromSheets(sheets);
		if (read.ok) throw new Error('expected problems');
		expect(read.problems.map(({ sheet, cell, field, message }) => ({ sheet, cell, field, message }))).toEqual([
			{ sheet: 'Questions', cell: 'G2', field: undefined, message: 'Expected a number, found "thấp"' },
			{ sheet: 'Questions', cell: 'H3', field: undefined, message: 'Column "criticalWhen" applies only to items of kind yesno' },
			{ sheet: 'Questions', cell: 'D5', field: 'groups.1.questions.1.text', message: expect.any(String) },
			{ sheet: 'FactOptions', cell: 'A2', field: undefined, message: 'No fact "khongCo" in sheet Facts' }
		]);
	});
});
