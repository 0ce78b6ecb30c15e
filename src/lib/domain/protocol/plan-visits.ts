/**
 * The supervisor's view of the plans (issue 16, must-show 6; docs/plans.md): the visits with
 * where each stands, and a plan's coverage against its target. Read by supervisors and admins
 * of the province only; wards and inspectors are refused by role before any lookup.
 */
import { z } from 'zod';
import { idSchema } from '../ids';
import type { InspectionStatus } from '../inspection';
import { VISIT_PROGRESSES, type PeriodCoverage, type VisitProgress } from '../plan-progress';

const isoDate = z.iso.date({ message: 'invalid_date' });

/** Longest span of dates one list answers without a plan: a year and a little. */
export const MAX_VISIT_SPAN_DAYS = 400;
/** Most visits one list answers; `truncated` says when more matched. */
export const MAX_VISITS = 2000;

/**
 * Query of GET /api/plans/visits. Either a plan (its visits, whatever their dates) or a span of
 * dates (every official visit of the province whose window or start date meets it, planned one
 * by one or made without a plan too). `status` keeps one progress; `province` names the province
 * for a national admin (others read their own).
 */
export const planVisitsQuerySchema = z
	.object({
		planId: idSchema.optional(),
		from: isoDate.optional(),
		to: isoDate.optional(),
		status: z.enum(VISIT_PROGRESSES as [VisitProgress, ...VisitProgress[]]).optional(),
		province: z.coerce.number().int().min(1).max(999).optional()
	})
	.refine((q) => q.planId !== undefined || (q.from !== undefined && q.to !== undefined), {
		path: ['from'],
		message: 'plan_or_dates_required'
	})
	.refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { path: ['to'], message: 'window_end_before_start' });
export type PlanVisitsQuery = z.output<typeof planVisitsQuerySchema>;

/** One visit as the supervisor's list and calendar show it. */
export interface PlanVisit {
	id: string;
	unit: { code: number; name: string };
	/** The plan whose draw made it; null for one planned one by one or made without a plan. */
	planId: string | null;
	status: InspectionStatus;
	progress: VisitProgress;
	/** The planned window (YYYY-MM-DD); null for a visit made without a plan. */
	windowStart: string | null;
	windowEnd: string | null;
	/** The Vietnam date the visit was started; null while it is only planned. */
	startedOn: string | null;
	/** The team's names, as on the record. */
	team: string[];
}

export interface PlanVisitsAnswer {
	today: string;
	/** Visits of every progress that matched, before `status` kept one. */
	counts: Record<VisitProgress, number>;
	visits: PlanVisit[];
	truncated: boolean;
}

/** GET /api/plans/[id]/progress: how far the plan has come. */
export interface PlanProgress {
	planId: string;
	today: string;
	/** Units in the plan's scope now. */
	unitsInScope: number;
	/** The plan's visits by progress. */
	counts: Record<VisitProgress, number>;
	/** The plan's period first, then (for a year plan) each quarter. */
	coverage: PeriodCoverage[];
}
