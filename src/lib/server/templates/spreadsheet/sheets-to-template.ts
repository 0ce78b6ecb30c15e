/**
 * A template from the rows of its workbook (layout in columns.ts): pure. Every problem is named
 * by sheet, row and column — the cell's own faults while reading, and the template schema's
 * verdict mapped back from its JSON path to the cell the value came from — so one upload lists
 * everything to fix.
 */
import { checkTemplate, type TemplateCheck } from '$lib/domain/template-import';
import type { LocatedProblem } from '$lib/domain/protocol';
import { columnLetters, readCell, setPath, type CellValue } from './cells';
import { layouts, sheetOrder, type Column, type SheetKey, type SheetLayout } from './columns';

/** A sheet as read-excel-file gives it: rows of cell values, row 1 first. */
export interface SheetInput {
	sheet: string;
	data: CellValue[][];
}

type Place = Omit<LocatedProblem, 'message' | 'field'>;
type Entry = Record<string, unknown>;

/** An id or parent cell as text (text columns read as strings; anything else names nothing). */
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** One data row read: its object, its 1-based row number, and the place of each column. */
interface RowRead {
	entry: Entry;
	row: number;
	parent?: string;
	cells: Map<string, Place>;
}

class WorkbookReader {
	readonly problems: LocatedProblem[] = [];
	/** JSON path of the template → where its value was read (see `placeOf`). */
	private readonly places = new Map<string, Place>();

	constructor(private readonly sheets: readonly SheetInput[]) {}

	problem(place: Place, message: string): void {
		this.problems.push({ ...place, message });
	}

	/** Every data row of a sheet, each cell read by its column's type; faults become problems. */
	rows(key: SheetKey): RowRead[] {
		const layout: SheetLayout = layouts[key];
		const found = this.sheets.find((s) => s.sheet.trim().toLowerCase() === layout.sheet.toLowerCase());
		if (!found) {
			if (layout.required) this.problem({ sheet: layout.sheet }, `The workbook has no sheet "${layout.sheet}"`);
			return [];
		}
		const [header = [], ...body] = found.data;
		const columns = this.header(layout, header);
		return body.flatMap((cells, i) => {
			if (cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) return [];
			return [this.row(layout, columns, cells, i + 2)];
		});
	}

	/** The known column at each position of the header row; unknown and repeated names are problems. */
	private header(layout: SheetLayout, header: CellValue[]): (Column | undefined)[] {
		const seen = new Set<string>();
		return header.map((cell, index) => {
			const name = typeof cell === 'string' ? cell.trim() : cell === null ? '' : String(cell);
			if (name === '') return undefined;
			const place = { sheet: layout.sheet, row: 1, column: name, cell: `${columnLetters(index)}1` };
			const column = layout.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
			if (!column) {
				this.problem(place, `Unknown column "${name}"; this sheet's columns are: ${layout.columns.map((c) => c.name).join(', ')}`);
				return undefined;
			}
			if (seen.has(column.name)) {
				this.problem(place, `Column "${column.name}" appears twice`);
				return undefined;
			}
			seen.add(column.name);
			return column;
		});
	}

	private row(layout: SheetLayout, columns: (Column | undefined)[], cells: CellValue[], row: number): RowRead {
		const read: RowRead = { entry: {}, row, cells: new Map() };
		const kind = columns.findIndex((c) => c?.name === 'kind');
		const filled: string[] = [];
		const none: Column[] = [];
		columns.forEach((column, index) => {
			if (!column) return;
			const place = { sheet: layout.sheet, row, column: column.name, cell: `${columnLetters(index)}${row}` };
			read.cells.set(column.name, place);
			const value = readCell(column.type, cells[index]);
			if ('fault' in value) return this.problem(place, value.fault);
			if (value.value === undefined) return;
			if (column.name === layout.parent) read.parent = textOf(value.value);
			else if (column.kinds && kind >= 0 && !column.kinds.some((k) => k === cells[kind]))
				this.problem(place, `Column "${column.name}" applies only to items of kind ${column.kinds.join(', ')}`);
			else if (column.type === 'exists') none.push(column);
			else {
				filled.push(column.name);
				setPath(read.entry, column.name, value.value);
			}
		});
		// A group marked FALSE is null whatever its columns hold; holding something, it is a contradiction.
		for (const column of none) {
			if (filled.some((name) => name.startsWith(`${column.name}.`)))
				this.problem(read.cells.get(column.name)!, `${column.name} is FALSE (none), so its columns must stay empty`);
			setPath(read.entry, column.name, null);
		}
		// A column missing from the header still gets a place, the row's, for the schema's verdict.
		for (const column of layout.columns)
			if (!read.cells.has(column.name)) read.cells.set(column.name, { sheet: layout.sheet, row, column: column.name });
		return read;
	}

	/** Remembers that the value at `path` came from this row: the row itself and each column. */
	register(path: string, read: RowRead): void {
		const [first] = read.cells.values();
		if (path !== '') this.places.set(path, { sheet: first?.sheet, row: read.row });
		for (const [name, place] of read.cells) {
			// `count.threshold` also answers for `count` (the whole setting missing): its first column.
			const parts = name.split('.');
			for (let n = parts.length; n > 0; n--) {
				const key = [path, ...parts.slice(0, n)].filter((p) => p !== '').join('.');
				if (n === parts.length || !this.places.has(key)) this.places.set(key, place);
			}
		}
	}

	place(path: string, where: Place): void {
		this.places.set(path, where);
	}

	/** Where the value at a JSON path came from: the longest registered prefix of the path. */
	placeOf(field: string | undefined): Place | undefined {
		if (field === undefined) return undefined;
		const parts = field.split('.');
		for (let n = parts.length; n > 0; n--) {
			const place = this.places.get(parts.slice(0, n).join('.'));
			if (place) return place;
		}
		return undefined;
	}
}

const sheetRank = (sheet: string | undefined) => {
	const i = sheetOrder.findIndex((key) => layouts[key].sheet === sheet);
	return i < 0 ? sheetOrder.length : i;
};
const byPlace = (a: LocatedProblem, b: LocatedProblem) =>
	sheetRank(a.sheet) - sheetRank(b.sheet) ||
	(a.row ?? 0) - (b.row ?? 0) ||
	(a.cell ?? '').length - (b.cell ?? '').length ||
	(a.cell ?? '').localeCompare(b.cell ?? '');

/** Builds the template object from the rows; structural faults (unknown parent, repeated id) are problems. */
function assemble(reader: WorkbookReader): Entry {
	const [head, ...extra] = reader.rows('template');
	for (const row of extra)
		reader.problem({ sheet: layouts.template.sheet, row: row.row }, 'The Template sheet has one row under its header');
	const template: Entry = head?.entry ?? {};
	if (head) reader.register('', head);
	if (!head) reader.problem({ sheet: layouts.template.sheet, row: 2 }, 'The Template sheet has no row under its header');

	const sections = new Map<string, { entry: Entry & { items: Entry[] }; path: string }>();
	const sectionList: Entry[] = [];
	for (const row of reader.rows('sections')) {
		const id = textOf(row.entry.id);
		if (sections.has(id)) {
			reader.problem(row.cells.get('id')!, `Section ${id} appears twice`);
			continue;
		}
		const path = `sections.${sectionList.length}`;
		const entry = { ...row.entry, items: [] as Entry[] };
		reader.register(path, row);
		reader.place(`${path}.items`, { sheet: layouts.sections.sheet, row: row.row });
		sections.set(id, { entry, path });
		sectionList.push(entry);
	}

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
		const path = `${section.path}.items.${section.entry.items.length}`;
		const entry: Entry = { ...row.entry, legal: [] };
		if (entry.kind === 'choice') setPath(entry, 'choice.options', []);
		reader.register(path, row);
		reader.place(`${path}.legal`, row.cells.get('id')!);
		reader.place(`${path}.choice`, row.cells.get('kind')!);
		section.entry.items.push(entry);
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
	template.sections = sectionList;
	return template;
}

/**
 * Reads a template from its workbook's sheets. Problems come sorted by sheet (in the workbook's
 * order), row and column; a problem of the template as a whole (a rule across sheets) has no place.
 */
export function templateFromSheets(sheets: readonly SheetInput[]): TemplateCheck {
	const reader = new WorkbookReader(sheets);
	const raw = assemble(reader);
	const checked = checkTemplate(raw);
	const problems = [...reader.problems];
	if (!checked.ok)
		for (const { field, ...found } of checked.problems) {
			const place = reader.placeOf(field);
			problems.push({ ...place, ...(field === undefined ? {} : { field }), ...found });
		}
	if (problems.length === 0 && checked.ok) return checked;
	return { ok: false, problems: problems.sort(byPlace) };
}
