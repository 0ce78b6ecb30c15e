/**
 * A template as the rows of its workbook (layout in columns.ts): pure, so the round trip can be
 * tested without a file, and xlsx.ts only turns these rows into bytes.
 */
import type { Template } from '$lib/domain/template';
import { writeCell, getPath, type CellOut } from './cells';
import { layouts, sheetOrder, type SheetKey, type SheetLayout } from './columns';

export interface SheetRows {
	layout: SheetLayout;
	/** Row 1 is the header of machine names; each following row one entry. */
	rows: (CellOut | { value: string; fontWeight: 'bold' })[][];
}

/** The objects each sheet lists, one per row, with the parent column's value set. */
function entriesOf(template: Template): Record<SheetKey, object[]> {
	const items = template.sections.flatMap((s) => s.items.map((item) => ({ section: s.id, ...item })));
	return {
		template: [template],
		sections: template.sections,
		items,
		choices: items.flatMap((item) => (item.kind === 'choice' ? item.choice.options.map((o) => ({ item: item.id, ...o })) : [])),
		legal: items.flatMap((item) => item.legal.map((ref) => ({ item: item.id, ...ref }))),
		grading: template.grading.bands
	};
}

const rowOf = (layout: SheetLayout, entry: object): CellOut[] =>
	layout.columns.map((column) => writeCell(column.type, getPath(entry, column.name)));

/** One sheet: the header of machine names in bold, then a row per entry. */
export function sheetRowsFor(layout: SheetLayout, entries: readonly object[]): SheetRows {
	const header = layout.columns.map((c) => ({ value: c.name, fontWeight: 'bold' as const }));
	return { layout, rows: [header, ...entries.map((entry) => rowOf(layout, entry))] };
}

/** Every sheet of the workbook, in order; Choices only when some item is a choice. */
export function templateToSheets(template: Template): SheetRows[] {
	const entries = entriesOf(template);
	return sheetOrder
		.filter((key) => layouts[key].required || entries[key].length > 0)
		.map((key) => sheetRowsFor(layouts[key], entries[key]));
}
