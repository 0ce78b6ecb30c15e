/**
 * An XLSX workbook written row by row into a stream, for exports too large to hold in memory.
 *
 * Why not write-excel-file (the project's spreadsheet writer, used for templates): it takes the
 * whole sheet as one array before writing a byte, so a national year of answers would sit in
 * memory twice. The streaming writers on npm either buffer the whole sheet until commit
 * (@cj-tech-master/excelts: no byte out before the end, +400 MB for 300,000 rows, measured) or
 * are unmaintained (exceljs, last release 2023). The workbook format for plain cells is small,
 * so this writes the SpreadsheetML itself and leaves the ZIP container to fflate's streaming
 * `Zip` (maintained, the zip library write-excel-file and docx already use). Every row is
 * deflated and handed to `sink` as soon as a chunk fills: memory stays at one chunk whatever the
 * row count.
 *
 * Speed (a national year of answers is ~5 million rows, ~3.5 GB of sheet XML): the sheets are
 * deflated by Node's zlib (native; fflate's JavaScript deflate was a quarter of the export's
 * time, seven times slower on the same text) on libuv's worker threads, each chunk on its own
 * with a sync flush so the pieces join into one DEFLATE stream (`NativeDeflateFile`), while this
 * thread writes the next rows; the cells every row of a record shares are written once per
 * record (`addRows`); text is escaped only when it needs it. Callers await `settled()` after
 * each batch of rows, so at most one batch is waiting to be deflated.
 *
 * Cells: numbers as numbers, booleans as booleans, text inline or, in columns whose texts
 * repeat, from a bounded shared-strings table (a third fewer bytes for the answers sheet), null as
 * an empty cell. The header row is bold and frozen. A sheet
 * that reaches Excel's 1,048,576 rows continues on a new sheet "<name> (2)" with the header again.
 */
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw } from 'node:zlib';
import { strToU8, Zip, ZipDeflate, type AsyncFlateStreamHandler, type ZipInputFile } from 'fflate';
import type { ExportCell } from '$lib/domain/exports';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Excel's row limit per sheet. */
export const XLSX_MAX_ROWS = 1_048_576;

/** Text is handed to the deflater in chunks of about this many characters. */
const FLUSH_AT = 256 * 1024;

/** A header's text and its column's width in characters. */
export interface XlsxColumn {
	label: string;
	width?: number;
	/**
	 * The column's texts repeat from row to row (a record's id on each of its answers, unit
	 * names, item codes): they go into the workbook's shared-strings table, once, and each cell
	 * names its entry. Up to SHARED_STRINGS_MAX entries; texts after that are written inline.
	 */
	repeats?: boolean;
}

/**
 * Most entries in the shared-strings table, so its memory stays bounded (~20 MB at worst): a
 * national year's records (~40,000 ids and start times) fit with room to spare.
 */
export const SHARED_STRINGS_MAX = 200_000;

// XML 1.0 forbids these control characters even escaped; a phone's text could still carry them.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function xmlText(text: string): string {
	if (!NEEDS_ESCAPE.test(text)) return text;
	return text.replace(INVALID_XML, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** Spaces at either end, a tab or a line break are kept only when the text says so. */
const SPACE_MATTERS = /^\s|\s$|[\t\n\r]/;

/** A cell's XML in row `r` ('' for an empty cell): the per-row path, without cellParts' array. */
function cellXml(letter: string, r: number, value: ExportCell): string {
	if (value === null || value === '') return '';
	if (typeof value === 'number') return Number.isFinite(value) ? '<c r="' + letter + r + '"><v>' + value + '</v></c>' : '';
	if (typeof value === 'boolean') return '<c r="' + letter + r + '" t="b"><v>' + (value ? 1 : 0) + '</v></c>';
	const space = SPACE_MATTERS.test(value) ? ' xml:space="preserve"' : '';
	return '<c r="' + letter + r + '" t="inlineStr"><is><t' + space + '>' + xmlText(value) + '</t></is></c>';
}

/**
 * A cell's XML without its row number, which goes between the two parts: the shared cells of a
 * record are built once and numbered per row. Null for an empty cell (written as nothing).
 */
function cellParts(letter: string, value: ExportCell, style: string): [string, string] | null {
	if (value === null || value === '') return null;
	const head = `<c r="${letter}`;
	if (typeof value === 'number') return Number.isFinite(value) ? [head, `"${style}><v>${value}</v></c>`] : null;
	if (typeof value === 'boolean') return [head, `"${style} t="b"><v>${value ? 1 : 0}</v></c>`];
	const space = SPACE_MATTERS.test(value) ? ' xml:space="preserve"' : '';
	return [head, `"${style} t="inlineStr"><is><t${space}>${xmlText(value)}</t></is></c>`];
}

/** A, B, …, Z, AA, AB, … for a 0-based column index. */
export function columnLetter(index: number): string {
	let letters = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
	return letters;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** One bold font for the header row (style 1); style 0 is the default. */
const STYLES =
	`${XML_HEAD}<styleSheet xmlns="${NS}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>` +
	'<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
	'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
	'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
	'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
	'<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
	'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>';

const deflateRawAsync = promisify(deflateRaw);

/**
 * One file of the ZIP, deflated by zlib. Each chunk is deflated on its own (on a worker thread,
 * several at once) and ends with a sync flush (byte-aligned, not final), so the chunks follow
 * one another as a single DEFLATE stream; the last one is finished. Chunks of ~256 KB lose
 * almost nothing against one continuous stream (the window is 32 KB). Implements fflate's
 * ZipInputFile: the Zip takes size and CRC when the final chunk arrives and writes them in the
 * data descriptor; the deflated chunks are handed to it in order.
 */
class NativeDeflateFile implements ZipInputFile {
	readonly compression = 8;
	/** General-purpose flag bits 1–2: "super fast" for level 1, "normal" otherwise (APPNOTE 4.4.4). */
	readonly flag: number;
	size = 0;
	crc = 0;
	ondata?: AsyncFlateStreamHandler;

	constructor(
		readonly filename: string,
		private readonly level: number
	) {
		this.flag = level === 1 ? 3 : 0;
	}

	/** Starts deflating `chunk`; the returned promise settles once it went out, after every earlier one. */
	push(chunk: Uint8Array, final: boolean, after: Promise<void>): Promise<void> {
		this.size += chunk.length;
		this.crc = crc32(chunk, this.crc);
		const deflated = deflateRawAsync(chunk, { level: this.level, finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
		return Promise.all([deflated, after]).then(([bytes]) => this.ondata!(null, bytes, final));
	}
}

export class XlsxStreamWriter {
	private readonly zip: Zip;
	private readonly sheetNames: string[] = [];
	private sheet: NativeDeflateFile | null = null;
	private rowsInSheet = 0;
	private pending = '';
	/** Settles when every chunk pushed so far has gone out to the sink. */
	private written: Promise<void> = Promise.resolve();
	/** Shared strings: text → index, in first-seen order. */
	private readonly shared = new Map<string, number>();
	private readonly letters: string[];

	/**
	 * `sink` receives the file's bytes in order; `done` marks the last call. It is called from
	 * deflate callbacks, after addRows returned: an error there (zip, deflate or the sink's own)
	 * rejects `settled()` and `finish()`, which the caller awaits.
	 */
	constructor(
		private readonly name: string,
		private readonly columns: readonly XlsxColumn[],
		sink: (chunk: Uint8Array, done: boolean) => void,
		/** Rows per sheet, header included; lower only in tests. */
		private readonly maxRows = XLSX_MAX_ROWS
	) {
		this.letters = columns.map((_, i) => columnLetter(i));
		this.zip = new Zip((error, chunk, done) => {
			if (error) throw error;
			sink(chunk, done);
		});
	}

	/** Adds one row in the order of `columns`; starts the first (or next) sheet when needed. */
	addRow(values: readonly ExportCell[]): void {
		this.addRows([], [values]);
	}

	/**
	 * Adds rows that begin with the same `shared` cells (a record's columns) followed by each
	 * row's own; the shared cells' XML is built once for all of them.
	 */
	addRows(shared: readonly ExportCell[], rows: readonly (readonly ExportCell[])[]): void {
		const sharedParts: string[] = [];
		for (let i = 0; i < shared.length; i++) {
			const value = shared[i] ?? null;
			const index = this.columns[i]?.repeats ? this.sharedIndex(value) : null;
			const parts = index === null ? cellParts(this.letters[i]!, value, '') : [`<c r="${this.letters[i]!}`, `" t="s"><v>${index}</v></c>`];
			if (parts) sharedParts.push(...parts);
		}
		for (const cells of rows) {
			if (!this.sheet || this.rowsInSheet >= this.maxRows) this.startSheet();
			const r = ++this.rowsInSheet;
			let xml = `<row r="${r}">`;
			for (let i = 0; i < sharedParts.length; i += 2) xml += sharedParts[i]! + r + sharedParts[i + 1]!;
			for (let i = 0; i < cells.length && shared.length + i < this.letters.length; i++) {
				const column = shared.length + i;
				const value = cells[i] ?? null;
				const index = this.columns[column]!.repeats ? this.sharedIndex(value) : null;
				if (index === null) xml += cellXml(this.letters[column]!, r, value);
				else xml += '<c r="' + this.letters[column]! + r + '" t="s"><v>' + index + '</v></c>';
			}
			this.pending += `${xml}</row>`;
			if (this.pending.length >= FLUSH_AT) this.flush();
		}
	}

	/** The shared-strings entry of a text (added if new and there is room), or null to write it inline. */
	private sharedIndex(value: ExportCell): number | null {
		if (typeof value !== 'string' || value === '') return null;
		const known = this.shared.get(value);
		if (known !== undefined) return known;
		if (this.shared.size >= SHARED_STRINGS_MAX) return null;
		this.shared.set(value, this.shared.size);
		return this.shared.size - 1;
	}

	/** Settles once every row added so far has been deflated and handed to the sink; rejects on a zip error. */
	settled(): Promise<void> {
		return this.written;
	}

	/** Closes the last sheet and writes the workbook's parts; settles after the sink got `done`. */
	finish(): Promise<void> {
		if (!this.sheet) this.startSheet();
		this.endSheet();
		const parts: [string, string][] = [
			['[Content_Types].xml', this.contentTypes()],
			[
				'_rels/.rels',
				`${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
			],
			['xl/workbook.xml', this.workbook()],
			['xl/_rels/workbook.xml.rels', this.workbookRels()],
			['xl/styles.xml', STYLES],
			['xl/sharedStrings.xml', this.sharedStrings()]
		];
		// fflate's Zip holds these small parts back until the last sheet's final chunk is in.
		for (const [path, xml] of parts) {
			const file = new ZipDeflate(path, { level: 6 });
			this.zip.add(file);
			file.push(strToU8(xml), true);
		}
		this.zip.end();
		return this.written;
	}

	private startSheet(): void {
		if (this.sheet) this.endSheet();
		const index = this.sheetNames.length + 1;
		this.sheetNames.push(index === 1 ? this.name : `${this.name} (${index})`);
		// Level 1: exports are mostly repeated text, which even the fastest level shrinks ~10×.
		this.sheet = new NativeDeflateFile(`xl/worksheets/sheet${index}.xml`, 1);
		this.zip.add(this.sheet);
		this.rowsInSheet = 1;
		const widths = this.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width ?? 14}" customWidth="1"/>`).join('');
		const header = this.columns.map((c, i) => cellParts(this.letters[i]!, c.label, ' s="1"')?.join('1') ?? '').join('');
		this.pending +=
			`${XML_HEAD}<worksheet xmlns="${NS}" xmlns:r="${REL_NS}"><sheetViews><sheetView workbookViewId="0">` +
			'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
			`<cols>${widths}</cols><sheetData><row r="1">${header}</row>`;
	}

	private flush(final = false): void {
		if (!this.sheet) return;
		this.written = this.sheet.push(Buffer.from(this.pending, 'utf8'), final, this.written);
		this.pending = '';
	}

	private endSheet(): void {
		this.pending += '</sheetData></worksheet>';
		this.flush(true);
		this.sheet = null;
	}

	private contentTypes(): string {
		const sheets = this.sheetNames
			.map(
				(_, i) =>
					`<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
			)
			.join('');
		return (
			`${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
			'<Default Extension="xml" ContentType="application/xml"/>' +
			'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
			'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
			'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
			`${sheets}</Types>`
		);
	}

	private workbook(): string {
		const sheets = this.sheetNames.map((name, i) => `<sheet name="${xmlText(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
		return `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets>${sheets}</sheets></workbook>`;
	}

	private workbookRels(): string {
		const sheets = this.sheetNames
			.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
			.join('');
		const n = this.sheetNames.length;
		const styles = `<Relationship Id="rId${n + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>`;
		const strings = `<Relationship Id="rId${n + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`;
		return `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${sheets}${styles}${strings}</Relationships>`;
	}

	private sharedStrings(): string {
		let items = '';
		for (const text of this.shared.keys())
			items += `<si><t${SPACE_MATTERS.test(text) ? ' xml:space="preserve"' : ''}>${xmlText(text)}</t></si>`;
		return `${XML_HEAD}<sst xmlns="${NS}" uniqueCount="${this.shared.size}">${items}</sst>`;
	}
}
