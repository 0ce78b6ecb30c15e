/** Data exports (docs/exports.md): CSV, XLSX and the paged JSON API, audited and scoped. */
export { exportFile, exportPage, encodeCursor, decodeCursor, type ExportPage } from './export-files';
export { exportRows, type Position, type RecordRows } from './export-rows';
export { exportScope, type ExportScope } from './export-scope';
export { XlsxStreamWriter, XLSX_MEDIA_TYPE, XLSX_MAX_ROWS, type XlsxColumn } from './xlsx-stream';
export { reportDocumentFile } from './report-file';
export { reportToDocx, DOCX_MEDIA_TYPE } from './report-docx';
export { citizenVoiceRows, voiceExportPeriod } from './voice-export';
