/**
 * GET /api/reports (docs/reports.md): the query string of the periodic report. The answer is a
 * `PeriodReport` (domain/reports.ts) under `report`.
 */
import { z } from 'zod';
import { parsePeriodParam, type PeriodReport } from '../reports';

const code = (max: number, message: string) =>
	z
		.string()
		.regex(/^\d{1,7}$/, message)
		.transform(Number)
		.pipe(z.number().int().min(1, message).max(max, message));

export const reportQuerySchema = z.object({
	/** `2026-Q3`, `2026-H1`, `2026-9M`, `2026` or `2026-01-05..2026-03-20`. */
	period: z
		.string()
		.max(40, 'too_long')
		.transform((text, ctx) => {
			const period = parsePeriodParam(text);
			if (!period) {
				ctx.addIssue({ code: 'custom', message: 'invalid_period' });
				return z.NEVER;
			}
			return period;
		}),
	/** One unit of the province; a ward's report is always its own unit. */
	unit: code(1_000_000, 'invalid_unit_code').optional(),
	/** Only a national admin names the province; everyone else reports on their own. */
	province: code(1000, 'province_code_not_number').optional()
});
export type ReportQuery = z.infer<typeof reportQuerySchema>;

export interface ReportResponse {
	report: PeriodReport;
}
