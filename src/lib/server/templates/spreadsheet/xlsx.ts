/**
 * The template workbook as XLSX bytes, both ways: the rows come from (and go to) the pure
 * conversion beside this file; only here do the spreadsheet libraries run.
 */
import readExcelFile from 'read-excel-file/node';
import writeExcelFile from 'write-excel-file/node';
import type { Questionnaire } from '$lib/domain/questionnaire';
import type { Template } from '$lib/domain/template';
import type { ContentCheck } from '$lib/domain/template-import';
import type { CellValue } from './cells';
import { isQuestionnaireWorkbook, questionnaireFromSheets, questionnaireToSheets } from './questionnaire-sheets';
import { templateFromSheets } from './sheets-to-template';
import { templateToSheets } from './template-to-sheets';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The workbook of a checklist or a questionnaire: one sheet per layout, header row frozen. */
export async function templateToXlsx(template: Template | Questionnaire): Promise<Buffer> {
	const rows =
		'kind' in template && template.kind === 'questionnaire' ? questionnaireToSheets(template) : templateToSheets(template as Template);
	const sheets = rows.map(({ layout, rows }) => ({
		sheet: layout.sheet,
		data: rows,
		columns: layout.columns.map((c) => ({ width: c.width ?? 12 })),
		stickyRowsCount: 1
	}));
	return writeExcelFile(sheets).toBuffer();
}

/**
 * Most a template workbook may unpack to. The shipped template's workbook unpacks to about
 * 200 KiB; an upload is size-limited before this, but a zip can hold far more than its size
 * (a "zip bomb"), and the reader unpacks everything into memory.
 */
export const MAX_UNPACKED_BYTES = 32 * 1024 * 1024;

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;

/**
 * The unpacked size the zip's central directory declares for all its entries, or null when
 * there is no directory to read (then it is no workbook and the reader says so). A ZIP64 size
 * counts as unlimited. A zip that lies about its sizes is still stopped by the body limit and
 * by the reader's own inflating; this refuses the honest bombs before any unpacking.
 */
export function declaredUnpackedSize(zip: Uint8Array): number | null {
	let end = -1;
	for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--)
		if (u32(zip, at) === 0x06054b50) {
			end = at;
			break;
		}
	if (end < 0) return null;
	const entries = u16(zip, end + 10);
	let at = u32(zip, end + 16);
	let total = 0;
	for (let i = 0; i < entries; i++) {
		if (at + 46 > zip.length || u32(zip, at) !== 0x02014b50) return null;
		const size = u32(zip, at + 24);
		total += size === 0xffffffff ? Infinity : size;
		at += 46 + u16(zip, at + 28) + u16(zip, at + 30) + u16(zip, at + 32);
	}
	return total;
}

/**
 * A checklist or a questionnaire from XLSX bytes (a "Questionnaire" sheet makes it the latter).
 * A file that is not a workbook at all is one problem without a place; everything else is checked
 * cell by cell (sheets-to-template.ts, questionnaire-sheets.ts).
 */
export async function templateFromXlsx(bytes: Uint8Array): Promise<ContentCheck> {
	const unpacked = declaredUnpackedSize(bytes);
	if (unpacked !== null && unpacked > MAX_UNPACKED_BYTES)
		return { ok: false, problems: [{ message: `The workbook unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MiB` }] };
	let sheets: { sheet: string; data: CellValue[][] }[];
	try {
		// Not trimmed: what was exported must come back identical, spaces included.
		sheets = (await readExcelFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { trim: false })) as typeof sheets;
	} catch (error) {
		return {
			ok: false,
			problems: [{ message: `Not a readable XLSX workbook: ${error instanceof Error ? error.message : String(error)}` }]
		};
	}
	return isQuestionnaireWorkbook(sheets) ? questionnaireFromSheets(sheets) : templateFromSheets(sheets);
}
