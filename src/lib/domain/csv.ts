/**
 * CSV as Excel and every BI tool read it: RFC 4180 (comma, CRLF, fields quoted when they hold a
 * comma, quote or line break, quotes doubled), UTF-8 with a byte-order mark so Excel shows
 * Vietnamese diacritics instead of mojibake, and a guard against formula injection.
 */
import type { ExportCell } from './exports';

/** Written once at the start of the file; Excel takes UTF-8 only when it sees it. */
export const CSV_BOM = '\uFEFF';

/**
 * A text cell starting with = + - @ (or a tab or carriage return, which some spreadsheets skip
 * before looking) would run as a formula when the file is opened: a finding's text typed on a
 * phone must never do that (OWASP "CSV injection"). Such text gets a leading apostrophe, which
 * spreadsheets show as text. Numbers are written as numbers and are never prefixed.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function guardFormula(text: string): string {
	return FORMULA_START.test(text) ? `'${text}` : text;
}

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: ExportCell): string {
	if (value === null) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
	const text = guardFormula(value);
	return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly ExportCell[]): string {
	return `${values.map(csvField).join(',')}\r\n`;
}
