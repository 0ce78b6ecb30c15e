/**
 * One cell of the template workbook, both ways, by the column's type (columns.ts). Reading is
 * lenient where a person editing in Excel would expect it (a number typed into a text column,
 * "yes" for TRUE, an Excel date for a date) and names the fault otherwise.
 */
import type { CellType } from './columns';

/** What the spreadsheet libraries hand over and take: a cell's value, null when empty. */
export type CellValue = string | number | boolean | Date | null;

/** A cell read: `value` to set (absent: leave the field out), or what is wrong with it. */
export type CellRead = { value?: unknown } | { fault: string };

const empty = (v: CellValue | undefined): v is null | undefined | '' =>
	v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

const truthy = new Set(['true', 'yes', 'y', '1', 'x', 'có', 'co', 'đúng']);
const falsy = new Set(['false', 'no', 'n', '0', 'không', 'khong', 'sai']);

function readBoolean(v: CellValue): CellRead {
	if (typeof v === 'boolean') return { value: v };
	if (typeof v === 'number' && (v === 0 || v === 1)) return { value: v === 1 };
	const word = String(v).trim().toLowerCase();
	if (truthy.has(word)) return { value: true };
	if (falsy.has(word)) return { value: false };
	return { fault: `Expected TRUE or FALSE, found "${String(v)}"` };
}

function readNumber(v: CellValue, integer: boolean): CellRead {
	const n =
		typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+([.,]\d+)?\s*$/.test(v) ? Number(v.trim().replace(',', '.')) : NaN;
	if (Number.isNaN(n)) return { fault: `Expected a number, found "${String(v)}"` };
	if (integer && !Number.isInteger(n)) return { fault: `Expected a whole number, found ${n}` };
	return { value: n };
}

/** YYYY-MM-DD of an Excel date, which the reader gives as midnight UTC of that day. */
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function readCell(type: CellType, v: CellValue | undefined): CellRead {
	if (empty(v)) return type === 'verdict' ? { value: null } : {};
	switch (type) {
		case 'text':
			if (typeof v === 'string') return { value: v };
			if (typeof v === 'number') return { value: String(v) };
			return { fault: `Expected text, found ${v instanceof Date ? `the date ${isoDay(v)}` : String(v)}` };
		case 'number':
		case 'integer':
			return readNumber(v, type === 'integer');
		case 'boolean':
		case 'verdict':
			return readBoolean(v);
		case 'date':
			if (v instanceof Date) return { value: isoDay(v) };
			if (typeof v === 'string') return { value: v.trim() };
			return { fault: `Expected a date YYYY-MM-DD, found ${String(v)}` };
		case 'lines':
			return {
				value: String(v instanceof Date ? isoDay(v) : v)
					.split(/\r?\n/)
					.filter((line) => line.trim() !== '')
			};
	}
}

/** A cell as write-excel-file takes it: text cells are marked text so Excel leaves them as typed. */
export type CellOut = null | { value: string | number | boolean; type?: StringConstructor; format?: string; wrap?: boolean };

export function writeCell(type: CellType, value: unknown): CellOut {
	if (value === undefined || value === null) return null;
	switch (type) {
		case 'number':
		case 'integer':
			return { value: value as number };
		case 'boolean':
		case 'verdict':
			return { value: value as boolean };
		case 'lines': {
			const lines = value as string[];
			return lines.length === 0 ? null : { value: lines.join('\n'), type: String, format: '@', wrap: true };
		}
		case 'text':
		case 'date': {
			const s = typeof value === 'string' ? value : JSON.stringify(value);
			return s === '' ? null : { value: s, type: String, format: '@', wrap: s.includes('\n') };
		}
	}
}

/** The value at a dotted path (`remediation.text`) of an object, undefined where the path is absent. */
export function getPath(object: unknown, path: string): unknown {
	let at = object;
	for (const key of path.split('.')) {
		if (typeof at !== 'object' || at === null) return undefined;
		at = (at as Record<string, unknown>)[key];
	}
	return at;
}

/** Sets the value at a dotted path, creating the objects on the way. */
export function setPath(object: Record<string, unknown>, path: string, value: unknown): void {
	const keys = path.split('.');
	let at = object;
	for (const key of keys.slice(0, -1)) {
		const next = at[key];
		if (typeof next !== 'object' || next === null) at[key] = {};
		at = at[key] as Record<string, unknown>;
	}
	at[keys.at(-1)!] = value;
}

/** "A", "B", … "AA": the letters of a 0-based column index, for cell references like Q12. */
export function columnLetters(index: number): string {
	let n = index + 1;
	let letters = '';
	while (n > 0) {
		const rest = (n - 1) % 26;
		letters = String.fromCharCode(65 + rest) + letters;
		n = Math.floor((n - 1) / 26);
	}
	return letters;
}
