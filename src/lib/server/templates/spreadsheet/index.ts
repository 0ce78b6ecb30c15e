// Template ⇄ spreadsheet: the layout (columns.ts), the pure conversion and the XLSX bytes.
export { layouts, type Column, type CellType, type SheetLayout } from './columns';
export { templateToSheets } from './template-to-sheets';
export { templateFromSheets, type SheetInput } from './sheets-to-template';
export { templateToXlsx, templateFromXlsx, XLSX_MEDIA_TYPE } from './xlsx';
