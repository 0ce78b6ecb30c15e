/**
 * A template from the rows of its workbook (layout in columns.ts): pure. Every problem is named
 * by sheet, row and column — the cell's own faults while reading, and the template schema's
 * verdict mapped back from its JSON path to the cell the value came from — so one upload lists
 * everything to fix.
 */
import { checkTemplate, type TemplateCheck } from '$lib/domain/template-import';
import { setPath } from './cells';
import { layouts, sheetOrder, type SheetKey } from './columns';
import { textOf, WorkbookReader, type Entry, type SheetInput } from './workbook-reader';

export type { SheetInput } from './workbook-reader';

/** Builds the template object from the rows; structural faults (unknown parent, repeated id) are problems. */
function assemble(reader: WorkbookReader<SheetKey>): Entry {
	const [head, ...extra] = reader.rows('template');
	for (const row of extra)
		reader.problem({ sheet: layouts.template.sheet, row: row.row }, 'The Template sheet has one row under its header');
	const template: Entry = head?.entry ?? {};
	if (head) reader.register('', head);
	if (!head) reader.problem({ sheet: layouts.template.sheet, row: 2 }, 'The Template sheet has no row under its header');

	const sections = reader.parents('sections', 'id', 'sections', 'items', 'Section');

	const items = new Map<string, { entry: Entry; path: string }>();
	for (const row of reader.rows('items')) {
		const id = textOf(row.entry.id);
		const section = sections.get(row.parent ?? '');
		if (!section) {
			reader.problem(row.cells.get('section')!, `No section "${row.parent ?? ''}" in sheet ${layouts.sections.sheet}`);
			continue;
		}
		if (items.has(id)) {
			reader.problem(row.cells.get('id')!, `Item ${id} appears twice`);
			continue;
		}
		// Records refer to items by id, whose letter is the section's: moving an item to another
		// section is a new id, so a row whose two columns disagree is a mistake, placed here.
		if (id !== '' && !id.startsWith(row.parent ?? '')) {
			reader.problem(row.cells.get('section')!, `Item ${id} cannot be in section ${row.parent}: an item's id starts with its section's id`);
			continue;
		}
		const path = `${section.path}.${section.children.length}`;
		const entry: Entry = { ...row.entry, legal: [] };
		if (entry.kind === 'choice') setPath(entry, 'choice.options', []);
		reader.register(path, row);
		reader.place(`${path}.legal`, row.cells.get('id')!);
		reader.place(`${path}.choice`, row.cells.get('kind')!);
		section.children.push(entry);
		items.set(id, { entry, path });
	}

	const attach = (key: 'legal' | 'choices', listPath: string) => {
		for (const row of reader.rows(key)) {
			const item = items.get(row.parent ?? '');
			if (!item) {
				reader.problem(row.cells.get('item')!, `No item "${row.parent ?? ''}" in sheet ${layouts.items.sheet}`);
				continue;
			}
			if (key === 'choices' && item.entry.kind !== 'choice') {
				reader.problem(row.cells.get('item')!, `Item ${row.parent} is not of kind choice, so it has no options`);
				continue;
			}
			const list = listPath.split('.').reduce<Entry>((at, k) => at[k] as Entry, item.entry) as unknown as Entry[];
			reader.register(`${item.path}.${listPath}.${list.length}`, row);
			list.push(row.entry);
		}
	};
	attach('legal', 'legal');
	attach('choices', 'choice.options');

	const bands = reader.rows('grading').map((row, i) => {
		reader.register(`grading.bands.${i}`, row);
		return row.entry;
	});
	reader.place('grading.bands', { sheet: layouts.grading.sheet });
	setPath(template, 'grading.bands', bands);
	template.sections = [...sections.values()].map((section) => section.entry);
	return template;
}

/**
 * Reads a template from its workbook's sheets. Problems come sorted by sheet (in the workbook's
 * order), row and column; a problem of the template as a whole (a rule across sheets) has no place.
 */
export function templateFromSheets(sheets: readonly SheetInput[]): TemplateCheck {
	const reader = new WorkbookReader(sheets, layouts, sheetOrder);
	const checked = checkTemplate(assemble(reader));
	const problems = reader.finish(checked);
	if (problems.length === 0 && checked.ok) return checked;
	return { ok: false, problems };
}
