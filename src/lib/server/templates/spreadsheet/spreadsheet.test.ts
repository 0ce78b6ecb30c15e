import { describe, expect, it } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import { everyKindTemplate } from '$lib/domain/every-kind-template.fixture';
import type { Template } from '$lib/domain/template';
import { templateFromJson, templateToJson } from '$lib/domain/template-import';
import { defaultTemplate, defaultTemplateV2 } from '$lib/templates';
import type { CellValue } from './cells';
import { layouts } from './columns';
import { templateFromSheets, type SheetInput } from './sheets-to-template';
import { templateToSheets } from './template-to-sheets';
import { templateFromXlsx, templateToXlsx } from './xlsx';

/** The exported rows as the reader gives them back: plain values, sheet by sheet. */
function sheetsOf(template: Template): SheetInput[] {
	return templateToSheets(template).map(({ layout, rows }) => ({
		sheet: layout.sheet,
		data: rows.map((row) => row.map((cell) => (cell === null ? null : cell.value)))
	}));
}

const sheet = (sheets: SheetInput[], name: string) => sheets.find((s) => s.sheet === name)!;
/** The row (1-based, as Excel numbers it) whose `key` column holds `value`. */
function rowWhere(s: SheetInput, key: string, value: string): number {
	const at = s.data[0]!.indexOf(key);
	return s.data.findIndex((row, i) => i > 0 && row[at] === value) + 1;
}
function setCell(s: SheetInput, row: number, column: string, value: CellValue): void {
	s.data[row - 1]![s.data[0]!.indexOf(column)] = value;
}

/** The problems' places and English words (the schema's wording hints, code/origin/minimum, are checked apart). */
const problemsOf = (sheets: SheetInput[]) => {
	const read = templateFromSheets(sheets);
	if (read.ok) throw new Error('expected problems');
	return read.problems.map(({ code: _code, origin: _origin, minimum: _minimum, ...placeAndWords }) => placeAndWords);
};

describe('template spreadsheet round trip', () => {
	it.each([
		['the shipped default template', defaultTemplate],
		['the shipped default template version 2', defaultTemplateV2],
		['a template using every item kind and field', everyKindTemplate]
	])('%s comes back identical from XLSX bytes', async (_name, template) => {
		const read = await templateFromXlsx(await templateToXlsx(template));
		expect(read).toEqual({ ok: true, template });
		if (read.ok) expect(JSON.stringify(read.template)).toBe(JSON.stringify(template));
	});

	it.each([defaultTemplate, defaultTemplateV2, everyKindTemplate])('template %# comes back identical from JSON', (template) => {
		expect(templateFromJson(templateToJson(template))).toEqual({ ok: true, template });
	});

	it('writes one row per item under a header of machine names, legal bases on their own sheet', () => {
		const sheets = sheetsOf(everyKindTemplate);
		expect(sheets.map((s) => s.sheet)).toEqual(['Template', 'Sections', 'Items', 'Choices', 'Legal', 'Grading']);
		const items = sheet(sheets, 'Items');
		expect(items.data[0]).toEqual(layouts.items.columns.map((c) => c.name));
		expect(items.data.map((row) => row[1])).toEqual(['id', 'A1', 'A2', 'B1', 'B2', 'B3', 'B4', 'B12']);
		const legal = sheet(sheets, 'Legal');
		expect(legal.data.slice(1, 4).map((row) => row.slice(0, 2))).toEqual([
			['A1', 'Nghị định 118/2025/NĐ-CP'],
			['A1', 'Nghị định 61/2018/NĐ-CP'],
			['A1', 'Chỉ thị 26/CT-TTg']
		]);
		expect(sheet(sheets, 'Choices').data.slice(1)).toEqual([
			['B12', 'truc-tiep', 'Trực tiếp', true],
			['B12', 'buu-chinh', 'Bưu chính', false],
			['B12', '1', 'Khác', null]
		]);
		// The shipped template has no choice item, so its workbook has no Choices sheet.
		expect(sheetsOf(defaultTemplate).map((s) => s.sheet)).not.toContain('Choices');
	});

	it('reads what a person types in Excel: numbers in text columns, yes/không, dates, rows in any section order', () => {
		const sheets = sheetsOf(everyKindTemplate);
		setCell(sheet(sheets, 'Template'), 2, 'version', 2026);
		const items = sheet(sheets, 'Items');
		setCell(items, rowWhere(items, 'id', 'A1'), 'perOfficer', 'yes');
		setCell(items, rowWhere(items, 'id', 'A2'), 'critical', 'Không');
		setCell(items, rowWhere(items, 'id', 'A2'), 'weight', '1,5');
		const legal = sheet(sheets, 'Legal');
		setCell(legal, 2, 'date', new Date(Date.UTC(2025, 5, 9)));
		// An item row of section A after those of B still lands in A, in its place among A's rows.
		items.data.push(items.data.splice(rowWhere(items, 'id', 'A2') - 1, 1)[0]!);
		const read = templateFromSheets(sheets);
		expect(read.ok).toBe(true);
		if (!read.ok) return;
		const [a1, a2] = read.template.sections[0]!.items;
		expect(read.template.version).toBe('2026');
		expect([a1!.perOfficer, a2!.critical, a2!.weight, a2!.id]).toEqual([true, false, 1.5, 'A2']);
		expect(a1!.legal[0]!.date).toBe('2025-06-09');
	});
});

describe('template spreadsheet problems', () => {
	it('names the sheet, row, column and cell of every fault at once', () => {
		const sheets = sheetsOf(everyKindTemplate);
		const items = sheet(sheets, 'Items');
		setCell(items, rowWhere(items, 'id', 'A2'), 'weight', 'nặng');
		setCell(items, rowWhere(items, 'id', 'B1'), 'sipas', 'XX');
		setCell(items, rowWhere(items, 'id', 'B2'), 'count.threshold', 0.5);
		const legal = sheet(sheets, 'Legal');
		setCell(legal, 2, 'date', '2025-13-01');
		expect(problemsOf(sheets)).toEqual([
			{ sheet: 'Items', row: 3, column: 'weight', cell: 'K3', message: 'Expected a number, found "nặng"' },
			{ sheet: 'Items', row: 4, column: 'sipas', cell: 'L4', field: 'sections.1.items.0.sipas', message: expect.any(String) },
			{
				sheet: 'Items',
				row: 5,
				column: 'count.threshold',
				cell: 'Q5',
				message: 'Column "count.threshold" applies only to items of kind count'
			},
			{ sheet: 'Legal', row: 2, column: 'date', cell: 'C2', field: 'sections.0.items.0.legal.0.date', message: expect.any(String) }
		]);
	});

	it('points a missing kind setting and a missing required text at their cells', () => {
		const sheets = sheetsOf(everyKindTemplate);
		const items = sheet(sheets, 'Items');
		const a2 = rowWhere(items, 'id', 'A2');
		for (const column of ['count.threshold', 'count.numeratorLabel', 'count.denominatorLabel', 'count.partOfWhole'])
			setCell(items, a2, column, null);
		setCell(items, rowWhere(items, 'id', 'B4'), 'remediation.text', null);
		expect(problemsOf(sheets)).toMatchObject([
			{ sheet: 'Items', row: 3, column: 'count.threshold', cell: 'Q3', field: 'sections.0.items.1.count' },
			{ sheet: 'Items', row: 7, column: 'remediation.text', cell: 'N7', field: 'sections.1.items.3.remediation.text' }
		]);
	});

	it('tells an item without legal basis, a legal row of no item and an option of an item that is no choice', () => {
		const sheets = sheetsOf(everyKindTemplate);
		const legal = sheet(sheets, 'Legal');
		legal.data.splice(rowWhere(legal, 'item', 'B4') - 1, 1);
		legal.data.push(['Z9', 'Nghị định 118/2025/NĐ-CP', null, null, null, null, null]);
		const choices = sheet(sheets, 'Choices');
		choices.data.push(['B1', 'x', 'X', true]);
		expect(problemsOf(sheets)).toEqual([
			{
				sheet: 'Items',
				row: 7,
				column: 'id',
				cell: 'B7',
				field: 'sections.1.items.3.legal',
				message: 'Every item needs at least one legal basis'
			},
			{ sheet: 'Choices', row: 5, column: 'item', cell: 'A5', message: 'Item B1 is not of kind choice, so it has no options' },
			{ sheet: 'Legal', row: 10, column: 'item', cell: 'A10', message: 'No item "Z9" in sheet Items' }
		]);
	});

	it('refuses unknown and repeated columns, items of no section, repeated ids and a missing sheet', () => {
		const sheets = sheetsOf(everyKindTemplate).filter((s) => s.sheet !== 'Grading');
		const items = sheet(sheets, 'Items');
		items.data[0]![4] = 'textEN ';
		items.data[0]!.push('Guidance', 'extra');
		setCell(items, rowWhere(items, 'id', 'B3'), 'section', 'C');
		setCell(items, rowWhere(items, 'id', 'B4'), 'id', 'B1');
		setCell(items, rowWhere(items, 'id', 'B2'), 'section', 'A');
		const problems = problemsOf(sheets);
		// Each has its place, the moved item included; only the grading rule, which fails because
		// the Grading sheet is missing, is left without one.
		expect(problems.filter((p) => p.sheet === undefined)).toEqual([{ message: 'criticalCap must be one of the grade bands' }]);
		expect(problems).toEqual(
			expect.arrayContaining([
				{ sheet: 'Items', row: 1, column: 'Guidance', cell: 'Z1', message: 'Column "guidance" appears twice' },
				{ sheet: 'Items', row: 1, column: 'extra', cell: 'AA1', message: expect.stringContaining('Unknown column "extra"') },
				{ sheet: 'Items', row: 6, column: 'section', cell: 'A6', message: 'No section "C" in sheet Sections' },
				{ sheet: 'Items', row: 7, column: 'id', cell: 'B7', message: 'Item B1 appears twice' },
				{
					sheet: 'Items',
					row: 5,
					column: 'section',
					cell: 'A5',
					message: "Item B2 cannot be in section A: an item's id starts with its section's id"
				},
				{ sheet: 'Grading', message: 'The workbook has no sheet "Grading"' }
			])
		);
	});

	it('reads FALSE in a group that may be none as null, and refuses FALSE over filled columns', () => {
		const sheets = sheetsOf(everyKindTemplate);
		const head = sheet(sheets, 'Template');
		setCell(head, 2, 'grading.publicPostingIndex', false);
		expect(problemsOf(sheets)).toEqual([
			{
				sheet: 'Template',
				row: 2,
				column: 'grading.publicPostingIndex',
				cell: 'J2',
				message: 'grading.publicPostingIndex is FALSE (none), so its columns must stay empty'
			}
		]);
		for (const name of ['label', 'labelEn', 'physicalItemId', 'electronicItemId'])
			setCell(head, 2, `grading.publicPostingIndex.${name}`, null);
		const read = templateFromSheets(sheets);
		expect(read.ok && read.template.grading.publicPostingIndex).toBeNull();
	});

	it("gives the schema's problems their issue code, for the screen to word in its own language", () => {
		const sheets = sheetsOf(everyKindTemplate);
		const items = sheet(sheets, 'Items');
		setCell(items, rowWhere(items, 'id', 'A1'), 'text', 'ab');
		const read = templateFromSheets(sheets);
		expect(read.ok ? [] : read.problems).toEqual([
			expect.objectContaining({ sheet: 'Items', field: 'sections.0.items.0.text', code: 'too_small', origin: 'string', minimum: 3 })
		]);
	});

	it('leaves a rule across the whole template without a place but with its words', () => {
		const sheets = sheetsOf(everyKindTemplate);
		setCell(sheet(sheets, 'Template'), 2, 'grading.criticalCap', 'xuat-sac');
		expect(problemsOf(sheets)).toEqual([{ message: 'criticalCap must be one of the grade bands' }]);
	});

	it('reads a workbook written by hand, and refuses bytes that are no workbook', async () => {
		const sheets = sheetsOf(everyKindTemplate);
		setCell(sheet(sheets, 'Sections'), 3, 'enabledByDefault', 'maybe');
		const bytes = await writeExcelFile(
			sheets.map((s) => ({ sheet: s.sheet, data: s.data.map((r) => r.map((value) => (value === null ? null : { value }))) }))
		).toBuffer();
		expect(await templateFromXlsx(bytes)).toEqual({
			ok: false,
			problems: [{ sheet: 'Sections', row: 3, column: 'enabledByDefault', cell: 'D3', message: 'Expected TRUE or FALSE, found "maybe"' }]
		});
		const notXlsx = await templateFromXlsx(new TextEncoder().encode('id,version\nmac-dinh,1'));
		expect(notXlsx.ok).toBe(false);
		if (!notXlsx.ok) expect(notXlsx.problems).toEqual([{ message: expect.stringMatching(/^Not a readable XLSX workbook/) }]);
	});

	it('never throws on cells changed at random, and every problem says what is wrong', () => {
		// A small seeded generator (mulberry32), so a failure replays.
		let seed = 20260105;
		const random = () => {
			seed = (seed + 0x6d2b79f5) | 0;
			let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
			t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		};
		const values: CellValue[] = [
			null,
			'',
			' ',
			'x',
			'A1',
			'B',
			'TRUE',
			-1,
			0,
			0.5,
			1e308,
			true,
			false,
			new Date(0),
			'count',
			'choice',
			'\n'
		];
		let refused = 0;
		for (let run = 0; run < 150; run++) {
			const sheets = sheetsOf(everyKindTemplate);
			for (let change = 0; change < 3; change++) {
				const s = sheets[Math.floor(random() * sheets.length)]!;
				const row = s.data[Math.floor(random() * s.data.length)]!;
				row[Math.floor(random() * (row.length + 1))] = values[Math.floor(random() * values.length)]!;
			}
			const read = templateFromSheets(sheets);
			if (read.ok) continue;
			refused++;
			expect(read.problems.every((p) => p.message !== '')).toBe(true);
		}
		expect(refused).toBeGreaterThan(50);
	});

	it('gives each JSON problem its path', () => {
		const broken = JSON.parse(templateToJson(everyKindTemplate)) as { sections: { items: Record<string, unknown>[] }[] };
		broken.sections[1]!.items[0]!.kind = 'photo';
		broken.sections[0]!.items[0]!.weight = -1;
		const read = templateFromJson(JSON.stringify(broken));
		expect(read.ok ? [] : read.problems.map((p) => p.field)).toEqual(['sections.0.items.0.weight', 'sections.1.items.0.kind']);
		expect(templateFromJson('{"id": ')).toEqual({ ok: false, problems: [{ message: expect.stringMatching(/^Not valid JSON/) }] });
	});
});
