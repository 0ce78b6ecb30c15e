/**
 * A workbook's rows read by its layout (columns.ts for a checklist, questionnaire-layout.ts for a
 * questionnaire): every cell by its column's type, every problem named by sheet, row and column,
 * and the place each value came from, so the schema's verdict on a JSON path lands on its cell.
 */
import type { LocatedProblem } from '$lib/domain/protocol';
import { columnLetters, readCell, setPath, type CellValue } from './cells';
import type { Column, SheetLayout } from './columns';

/** A sheet as read-excel-file gives it: rows of cell values, row 1 first. */
export interface SheetInput {
	sheet: string;
	data: CellValue[][];
}

export type Place = Omit<LocatedProblem, 'message' | 'field'>;
export type Entry = Record<string, unknown>;

/** An id or parent cell as text (text columns read as strings; anything else names nothing). */
/** A parent row read: its entry, the list its children go into, and that list's JSON path. */
export interface Parent {
	entry: Entry;
	children: Entry[];
	path: string;
}

export const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** One data row read: its object, its 1-based row number, and the place of each column. */
export interface RowRead {
	entry: Entry;
	row: number;
	parent?: string;
	cells: Map<string, Place>;
}

/**
 * Reads the sheets of one workbook kind (its layouts, in their order) into entries, and keeps
 * where each value came from so the schema's verdict can be placed on a cell.
 */
export class WorkbookReader<K extends string> {
	readonly problems: LocatedProblem[] = [];
	/** JSON path of the content → where its value was read (see `placeOf`). */
	private readonly places = new Map<string, Place>();

	constructor(
		private readonly sheets: readonly SheetInput[],
		readonly layouts: Readonly<Record<K, SheetLayout>>,
		private readonly order: readonly K[]
	) {}

	problem(place: Place, message: string): void {
		this.problems.push({ ...place, message });
	}

	/** Every data row of a sheet, each cell read by its column's type; faults become problems. */
	rows(key: K): RowRead[] {
		const layout = this.layouts[key];
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

	/**
	 * The rows of `key` as parents of another sheet's rows: keyed by their `idColumn`, each entry
	 * given an empty `childList` and placed at `${listPath}.<index>`; a repeated id is a problem
	 * and its row is left out. Returns the parents in order.
	 */
	parents(key: K, idColumn: string, listPath: string, childList: string, what: string): Map<string, Parent> {
		const parents = new Map<string, Parent>();
		for (const row of this.rows(key)) {
			const id = textOf(row.entry[idColumn]);
			if (parents.has(id)) {
				this.problem(row.cells.get(idColumn)!, `${what} ${id} appears twice`);
				continue;
			}
			const path = `${listPath}.${parents.size}`;
			const children: Entry[] = [];
			const entry = { ...row.entry, [childList]: children };
			this.register(path, row);
			this.place(`${path}.${childList}`, { sheet: this.layouts[key].sheet, row: row.row });
			parents.set(id, { entry, children, path: `${path}.${childList}` });
		}
		return parents;
	}

	/** The rows of `key` appended, in order, to the parent their parent column names; an unknown one is a problem. */
	attach(key: K, parents: ReadonlyMap<string, Parent>, parentSheet: string): void {
		const column = this.layouts[key].parent!;
		for (const row of this.rows(key)) {
			const parent = parents.get(row.parent ?? '');
			if (!parent) {
				this.problem(row.cells.get(column)!, `No ${column} "${row.parent ?? ''}" in sheet ${parentSheet}`);
				continue;
			}
			this.register(`${parent.path}.${parent.children.length}`, row);
			parent.children.push(row.entry);
		}
	}

	/**
	 * Every problem found, the reader's and the schema's (`field` placed on its cell), sorted by
	 * sheet (in the workbook's order), row and column; a problem of the whole has no place.
	 */
	finish(checked: { ok: true } | { ok: false; problems: LocatedProblem[] }): LocatedProblem[] {
		const problems = [...this.problems];
		if (!checked.ok)
			for (const { field, ...found } of checked.problems) {
				const place = this.placeOf(field);
				problems.push({ ...place, ...(field === undefined ? {} : { field }), ...found });
			}
		const rank = (sheet: string | undefined) => {
			const i = this.order.findIndex((key) => this.layouts[key].sheet === sheet);
			return i < 0 ? this.order.length : i;
		};
		return problems.sort(
			(a, b) =>
				rank(a.sheet) - rank(b.sheet) ||
				(a.row ?? 0) - (b.row ?? 0) ||
				(a.cell ?? '').length - (b.cell ?? '').length ||
				(a.cell ?? '').localeCompare(b.cell ?? '')
		);
	}
}
