/**
 * The supervisor's work lists over HTTP (docs/work-lists.md): the review queue and the lists of
 * returned records (GET /api/work-lists/inspections), overdue findings and fixes awaiting
 * verification (GET /api/work-lists/findings). Query parameters are parsed with these schemas
 * from the URL; every list counts official records only (`kind = 'official'`).
 */
import { z } from 'zod';
import { inspectionStatusSchema } from '../inspection';

const isoDate = z.iso.date({ message: 'invalid_date' });
const page = z.coerce.number().int().min(1).max(100_000).default(1);
/** A national admin names the province; everyone else works in their own. */
const province = z.coerce.number().int().min(1).max(1_000_000).optional();

export const inspectionListQuerySchema = z
	.object({
		province,
		/** Comma-separated statuses, e.g. "submitted" (the review queue) or "returned". */
		status: z
			.string()
			.max(200)
			.optional()
			.transform((s, ctx) => {
				if (!s) return undefined;
				const parsed = z.array(inspectionStatusSchema).safeParse(s.split(',').filter(Boolean));
				if (!parsed.success) {
					ctx.addIssue({ code: 'custom', message: 'invalid_status' });
					return z.NEVER;
				}
				return parsed.data;
			}),
		unit: z.coerce.number().int().min(1).max(1_000_000).optional(),
		inspector: z.string().min(1).max(200).optional(),
		/** Visit date range, Vietnam dates, inclusive. */
		from: isoDate.optional(),
		to: isoDate.optional(),
		/** Commune name (with or without diacritics) or inspector name. */
		q: z.string().trim().max(100).optional(),
		page
	})
	.refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'window_end_before_start' });
export type InspectionListRequest = z.infer<typeof inspectionListQuerySchema>;

export const workListRowSchema = z.object({
	id: z.string(),
	status: inspectionStatusSchema,
	unitCode: z.number().int(),
	unitName: z.string(),
	inspectorId: z.string(),
	inspectorName: z.string().nullable(),
	startedAt: z.string(),
	submittedAt: z.string().nullable(),
	/** Overall score 0–1, null when nothing scorable was answered or the template is unknown. */
	score: z.number().nullable(),
	/** Answered share of the slots that apply (checked / applicable), 0–1; null when none apply. */
	coverage: z.number().nullable(),
	findings: z.number().int(),
	criticalFindings: z.number().int()
});
export type WorkListRow = z.infer<typeof workListRowSchema>;

export const inspectionWorkListSchema = z.object({
	rows: z.array(workListRowSchema),
	total: z.number().int(),
	page: z.number().int(),
	pageSize: z.number().int(),
	/** For the filters: the province's communes and inspectors. */
	units: z.array(z.object({ code: z.number().int(), name: z.string() })),
	inspectors: z.array(z.object({ id: z.string(), name: z.string() }))
});
export type InspectionWorkList = z.infer<typeof inspectionWorkListSchema>;

export const findingListQuerySchema = z.object({
	province,
	list: z.enum(['overdue', 'toVerify']),
	page
});

export const findingWorkRowSchema = z.object({
	id: z.string(),
	inspectionId: z.string(),
	unitCode: z.number().int(),
	unitName: z.string(),
	itemId: z.string(),
	title: z.string(),
	critical: z.boolean(),
	deadline: z.iso.date(),
	/** Days past the deadline (overdue list); negative while still within it. */
	daysOverdue: z.number().int()
});
export type FindingWorkRow = z.infer<typeof findingWorkRowSchema>;
export const findingWorkListSchema = z.object({ rows: z.array(findingWorkRowSchema), total: z.number().int(), page: z.number().int() });
export type FindingWorkList = z.infer<typeof findingWorkListSchema>;
