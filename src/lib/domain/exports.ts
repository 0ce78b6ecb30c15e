/**
 * Data exports (docs/exports.md): which tables leave the server, with which columns, filtered
 * how. Shared by the server (which writes CSV, XLSX and the paged JSON API from these columns)
 * and the export screen (which builds the same query string).
 *
 * Column keys are stable English names for BI tools (the JSON API's fields); labels are the
 * headers an officer reads in Excel, Vietnamese by default and English when the request asks
 * (`lang=en`). Labels are part of the file format, like a template's legal wording, so they are
 * data here (both languages side by side) rather than UI messages.
 */
import { z } from 'zod';
import { inspectionStatusSchema, type InspectionStatus } from './inspection';

export const exportDatasets = ['inspections', 'answers', 'findings', 'remediations', 'citizen-voice'] as const;
export type ExportDataset = (typeof exportDatasets)[number];
/** Datasets of one row per record or per record's child row; `citizen-voice` is per unit and factor. */
export type RecordDataset = Exclude<ExportDataset, 'citizen-voice'>;

export const exportFormats = ['csv', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** Languages of a file's headings and sheet names; Vietnamese unless the request says `lang=en`. */
export const exportLanguages = ['vi', 'en'] as const;
export type ExportLanguage = (typeof exportLanguages)[number];
export const exportLanguageSchema = z.enum(exportLanguages).default('vi');

/** Statuses exported when the request names none: everything but visits not yet made. */
export const defaultExportStatuses: readonly InspectionStatus[] = ['draft', 'submitted', 'returned', 'approved'];

const isoDate = z.iso.date({ message: 'invalid_date' });

/**
 * The filters of the report screens: a period of Vietnam dates (inclusive at both ends) on the
 * visit's start, one unit, statuses of the record. `province` lets a national admin pick one;
 * everyone else is held to their own scope whatever they send.
 */
export const exportFilterSchema = z
	.object({
		from: isoDate.optional(),
		to: isoDate.optional(),
		unit: z.coerce.number().int().positive().optional(),
		province: z.coerce.number().int().positive().optional(),
		status: z.array(inspectionStatusSchema).optional()
	})
	.refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'window_end_before_start', path: ['to'] });
export type ExportFilter = z.infer<typeof exportFilterSchema>;

/** Most rows one JSON page holds; the default is the same. */
export const EXPORT_PAGE_LIMIT = 1000;

export const exportPageQuerySchema = z.object({
	cursor: z.string().max(2000).optional(),
	limit: z.coerce.number().int().min(1).max(EXPORT_PAGE_LIMIT).default(EXPORT_PAGE_LIMIT)
});

export type ExportCell = string | number | boolean | null;
export type ExportRow = Record<string, ExportCell>;

export interface ExportColumn {
	key: string;
	/** The Vietnamese header. */
	label: string;
	/** The English header. */
	labelEn: string;
	/** Column width in characters for XLSX. */
	width?: number;
	/** Its texts repeat from row to row (XLSX keeps them once, in the shared-strings table). */
	repeats?: true;
}

/** The columns every dataset starts with: which record, where, when. */
const recordColumns: ExportColumn[] = [
	{ key: 'inspectionId', label: 'Mã biên bản (ID)', labelEn: 'Record ID', width: 38, repeats: true },
	{ key: 'provinceCode', label: 'Mã tỉnh', labelEn: 'Province code', width: 8 },
	{ key: 'provinceName', label: 'Tỉnh/thành phố', labelEn: 'Province/city', width: 22, repeats: true },
	{ key: 'unitCode', label: 'Mã đơn vị', labelEn: 'Unit code', width: 10 },
	{ key: 'unitName', label: 'Đơn vị được kiểm tra', labelEn: 'Inspected unit', width: 28, repeats: true },
	{ key: 'startedAt', label: 'Bắt đầu kiểm tra', labelEn: 'Inspection started', width: 22, repeats: true }
];

export const exportColumns: Record<ExportDataset, ExportColumn[]> = {
	inspections: [
		...recordColumns,
		{ key: 'endedAt', label: 'Kết thúc kiểm tra', labelEn: 'Inspection ended', width: 22 },
		{ key: 'submittedAt', label: 'Nộp biên bản', labelEn: 'Record submitted', width: 22 },
		{ key: 'status', label: 'Trạng thái', labelEn: 'Status', width: 12, repeats: true },
		{ key: 'recordNumber', label: 'Số biên bản', labelEn: 'Record number', width: 12 },
		{ key: 'inspectionType', label: 'Hình thức kiểm tra', labelEn: 'Type of inspection', width: 12, repeats: true },
		{ key: 'basis', label: 'Căn cứ', labelEn: 'Basis', width: 30 },
		{ key: 'teamLead', label: 'Trưởng đoàn', labelEn: 'Team leader', width: 22 },
		{ key: 'inspector', label: 'Người lập biên bản', labelEn: 'Record written by', width: 22, repeats: true },
		{ key: 'templateId', label: 'Mẫu phiếu', labelEn: 'Checklist template', width: 12, repeats: true },
		{ key: 'templateVersion', label: 'Phiên bản mẫu', labelEn: 'Template version', width: 10, repeats: true },
		{ key: 'score', label: 'Điểm (0–1)', labelEn: 'Score (0–1)', width: 8 },
		{ key: 'coverage', label: 'Tỷ lệ đã kiểm tra (0–1)', labelEn: 'Share checked (0–1)', width: 8 },
		{ key: 'findings', label: 'Số tồn tại', labelEn: 'Findings', width: 8 },
		{ key: 'criticalFindings', label: 'Tồn tại nghiêm trọng', labelEn: 'Critical findings', width: 8 }
	],
	answers: [
		...recordColumns,
		{ key: 'itemId', label: 'Mục', labelEn: 'Item', width: 6, repeats: true },
		{ key: 'officerId', label: 'Mã công chức (ID)', labelEn: 'Officer ID', width: 38 },
		{ key: 'officerName', label: 'Công chức', labelEn: 'Officer', width: 22 },
		{ key: 'answerKind', label: 'Loại trả lời', labelEn: 'Answer type', width: 10, repeats: true },
		{ key: 'result', label: 'Kết quả', labelEn: 'Result', width: 16, repeats: true },
		{ key: 'numerator', label: 'Tử số / đạt', labelEn: 'Numerator / passed', width: 8 },
		{ key: 'denominator', label: 'Mẫu số / cỡ mẫu', labelEn: 'Denominator / sample size', width: 8 },
		{ key: 'value', label: 'Giá trị', labelEn: 'Value', width: 30 },
		{ key: 'note', label: 'Ghi chú', labelEn: 'Note', width: 30 },
		{ key: 'answeredAt', label: 'Thời điểm trả lời', labelEn: 'Answered at', width: 22 }
	],
	findings: [
		...recordColumns,
		{ key: 'findingId', label: 'Mã tồn tại (ID)', labelEn: 'Finding ID', width: 38 },
		{ key: 'sectionId', label: 'Phần', labelEn: 'Section', width: 6, repeats: true },
		{ key: 'itemId', label: 'Mục', labelEn: 'Item', width: 6, repeats: true },
		{ key: 'title', label: 'Tồn tại, hạn chế', labelEn: 'Finding', width: 40 },
		{ key: 'detail', label: 'Chi tiết', labelEn: 'Detail', width: 40 },
		{ key: 'critical', label: 'Nghiêm trọng', labelEn: 'Critical', width: 8 },
		{ key: 'legal', label: 'Căn cứ pháp lý', labelEn: 'Legal basis', width: 30 },
		{ key: 'recommendation', label: 'Kiến nghị', labelEn: 'Recommendation', width: 40 },
		{ key: 'deadline', label: 'Hạn khắc phục', labelEn: 'Fix deadline', width: 12 },
		{ key: 'findingStatus', label: 'Tình trạng khắc phục', labelEn: 'Fix status', width: 14, repeats: true },
		{ key: 'recordScore', label: 'Điểm của biên bản (0–1)', labelEn: 'Record score (0–1)', width: 8 }
	],
	remediations: [
		...recordColumns,
		{ key: 'eventId', label: 'Mã sự kiện (ID)', labelEn: 'Event ID', width: 38 },
		{ key: 'findingId', label: 'Mã tồn tại (ID)', labelEn: 'Finding ID', width: 38 },
		{ key: 'kind', label: 'Sự kiện', labelEn: 'Event', width: 12, repeats: true },
		{ key: 'at', label: 'Thời điểm', labelEn: 'At', width: 22 },
		{ key: 'actor', label: 'Người thực hiện', labelEn: 'By', width: 22 },
		{ key: 'findingStatus', label: 'Tình trạng sau sự kiện', labelEn: 'Fix status after the event', width: 14, repeats: true },
		{ key: 'text', label: 'Nội dung', labelEn: 'Text', width: 40 },
		{ key: 'deadline', label: 'Hạn mới', labelEn: 'New deadline', width: 12 }
	],
	/** Per unit and SIPAS factor over a report period (docs/exports.md "Ý kiến người dân"); no record columns. */
	'citizen-voice': [
		{ key: 'provinceCode', label: 'Mã tỉnh', labelEn: 'Province code', width: 8 },
		{ key: 'provinceName', label: 'Tỉnh/thành phố', labelEn: 'Province/city', width: 22, repeats: true },
		{ key: 'unitCode', label: 'Mã đơn vị', labelEn: 'Unit code', width: 10 },
		{ key: 'unitName', label: 'Đơn vị', labelEn: 'Unit', width: 28, repeats: true },
		{ key: 'period', label: 'Kỳ báo cáo', labelEn: 'Period', width: 12, repeats: true },
		{ key: 'factor', label: 'Yếu tố SIPAS', labelEn: 'SIPAS factor', width: 6, repeats: true },
		{ key: 'factorName', label: 'Tên yếu tố', labelEn: 'Factor name', width: 30, repeats: true },
		{ key: 'interviewRespondents', label: 'Số người được phỏng vấn', labelEn: 'Interview respondents', width: 10 },
		{ key: 'interviewAnswered', label: 'Số người trả lời yếu tố (phỏng vấn)', labelEn: 'Interview respondents on the factor', width: 10 },
		{ key: 'interviewAverage', label: 'Điểm trung bình (phỏng vấn, 1–5)', labelEn: 'Interview average (1–5)', width: 10 },
		{ key: 'interviewSmallSample', label: 'Mẫu nhỏ (phỏng vấn, n < 10)', labelEn: 'Interview small sample (n < 10)', width: 8 },
		{ key: 'pointRespondents', label: 'Số phiếu tại điểm góp ý', labelEn: 'Feedback point respondents', width: 10 },
		{ key: 'pointAnswered', label: 'Số phiếu trả lời yếu tố (điểm góp ý)', labelEn: 'Feedback point respondents on the factor', width: 10 },
		{ key: 'pointAverage', label: 'Điểm trung bình (điểm góp ý, 1–5)', labelEn: 'Feedback point average (1–5)', width: 10 },
		{ key: 'pointSmallSample', label: 'Mẫu nhỏ (điểm góp ý, n < 10)', labelEn: 'Feedback point small sample (n < 10)', width: 8 },
		{ key: 'pointFlooded', label: 'Phiếu gửi dồn dập (không tính)', labelEn: 'Feedback point responses held as a flood', width: 10 },
		{ key: 'failedItems', label: 'Số tồn tại của yếu tố (kiểm tra)', labelEn: 'Inspection findings on the factor', width: 10 },
		{ key: 'previousPeriod', label: 'Kỳ trước', labelEn: 'Previous period', width: 12, repeats: true },
		{
			key: 'previousInterviewAnswered',
			label: 'Kỳ trước: số người trả lời (phỏng vấn)',
			labelEn: 'Previous: interview respondents on the factor',
			width: 10
		},
		{ key: 'previousInterviewAverage', label: 'Kỳ trước: điểm trung bình (phỏng vấn)', labelEn: 'Previous: interview average', width: 10 },
		{
			key: 'previousPointAnswered',
			label: 'Kỳ trước: số phiếu trả lời (điểm góp ý)',
			labelEn: 'Previous: feedback point respondents on the factor',
			width: 10
		},
		{
			key: 'previousPointAverage',
			label: 'Kỳ trước: điểm trung bình (điểm góp ý)',
			labelEn: 'Previous: feedback point average',
			width: 10
		},
		{
			key: 'previousFailedItems',
			label: 'Kỳ trước: số tồn tại của yếu tố',
			labelEn: 'Previous: inspection findings on the factor',
			width: 10
		}
	]
};

/** A file's header row in `lang`. */
export function exportHeadings(dataset: ExportDataset, lang: ExportLanguage): string[] {
	return exportColumns[dataset].map((c) => (lang === 'en' ? c.labelEn : c.label));
}

/**
 * The XLSX sheet's name in each language (Excel allows 31 characters; a full sheet continues on
 * "<name> (2)").
 */
export const exportSheetNames: Record<ExportDataset, Record<ExportLanguage, string>> = {
	inspections: { vi: 'Biên bản kiểm tra', en: 'Inspections' },
	answers: { vi: 'Kết quả từng mục', en: 'Answers' },
	findings: { vi: 'Tồn tại, hạn chế', en: 'Findings' },
	remediations: { vi: 'Khắc phục', en: 'Remediations' },
	'citizen-voice': { vi: 'Ý kiến người dân', en: 'Citizen voice' }
};

/** The query string of an export, as the screen builds it and the server reads it. */
export function exportSearchParams(filter: ExportFilter, format: ExportFormat, lang: ExportLanguage = 'vi'): URLSearchParams {
	const params = new URLSearchParams({ format });
	if (lang !== 'vi') params.set('lang', lang);
	if (filter.from) params.set('from', filter.from);
	if (filter.to) params.set('to', filter.to);
	if (filter.unit !== undefined) params.set('unit', String(filter.unit));
	if (filter.province !== undefined) params.set('province', String(filter.province));
	for (const s of filter.status ?? []) params.append('status', s);
	return params;
}

/** The file a download is saved as: dataset, scope and period, ASCII only. */
export function exportFileName(dataset: ExportDataset, filter: ExportFilter, scope: string, format: 'csv' | 'xlsx'): string {
	const period = [filter.from, filter.to].filter(Boolean).join('_') || 'all';
	return `${dataset}-${scope}-${period}.${format}`.replace(/[^0-9A-Za-z._-]/g, '_');
}

/** The raw filter of a query string, for `exportFilterSchema` to check (the inverse of exportSearchParams). */
export function exportFilterInput(params: URLSearchParams): Record<string, unknown> {
	const input: Record<string, unknown> = {};
	for (const key of ['from', 'to', 'unit', 'province'] as const) {
		const value = params.get(key);
		if (value !== null && value !== '') input[key] = value;
	}
	const status = params.getAll('status').filter((s) => s !== '');
	if (status.length > 0) input.status = status;
	return input;
}
