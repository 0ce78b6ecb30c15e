/**
 * The template workbook as XLSX bytes, both ways: the rows come from (and go to) the pure
 * conversion beside this file; only here do the spreadsheet libraries run.
 */
import readExcelFile from 'read-excel-file/node';
import writeExcelFile from 'write-excel-file/node';
import type { Template } from '$lib/domain/template';
import type { TemplateCheck } from '$lib/domain/template-import';
import type { CellValue } from './cells';
import { templateFromSheets } from './sheets-to-template';
import { templateToSheets } from './template-to-sheets';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The workbook of a template: one sheet per layout, header row frozen. */
export async function templateToXlsx(template: Template): Promise<Buffer> {
	const sheets = templateToSheets(template).map(({ layout, rows }) => ({
		sheet: layout.sheet,
		data: rows,
		columns: layout.columns.map((c) => ({ width: c.width ?? 12 })),
		stickyRowsCount: 1
	}));
	return writeExcelFile(sheets).toBuffer();
}

/**
 * A template from XLSX bytes. A file that is not a workbook at all is one problem without a
 * place; everything else is checked cell by cell (sheets-to-template.ts).
 */
export async function templateFromXlsx(bytes: Uint8Array): Promise<TemplateCheck> {
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
	return templateFromSheets(sheets);
}
