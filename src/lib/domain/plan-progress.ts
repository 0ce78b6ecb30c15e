/**
 * How far a plan has come (issue 16, must-show 6; docs/plans.md): where each visit stands, and
 * how many of the plan's units were covered in each period against its target. Pure, so the
 * server's answer and its tests read the same definitions.
 */
import type { InspectionStatus, InspectionType } from './inspection';
import type { PlanPeriod } from './protocol/plans';

/**
 * Where a visit stands for its supervisor:
 * - `done`: submitted or approved (a returned record is being corrected, so it is not done);
 * - `overdue`: not done and its window ended before `today` (the window's last day still counts);
 * - `started`: a draft or a returned record whose window is still open (or which has none);
 * - `planned`: not started and its window is still open.
 * A record started on site has no window, so it is never overdue.
 */
export type VisitProgress = 'planned' | 'started' | 'done' | 'overdue';
export const VISIT_PROGRESSES: readonly VisitProgress[] = ['planned', 'started', 'done', 'overdue'];

/** The statuses that count as a visit made: the record reached its reviewer. */
export const DONE_STATUSES: readonly InspectionStatus[] = ['submitted', 'approved'];

export function visitProgress(status: InspectionStatus, windowEnd: string | null, today: string): VisitProgress {
	if (DONE_STATUSES.includes(status)) return 'done';
	if (windowEnd !== null && windowEnd < today) return 'overdue';
	return status === 'planned' ? 'planned' : 'started';
}

/** How many visits stand at each progress. */
export function countByProgress(progresses: readonly VisitProgress[]): Record<VisitProgress, number> {
	const counts: Record<VisitProgress, number> = { planned: 0, started: 0, done: 0, overdue: 0 };
	for (const p of progresses) counts[p] += 1;
	return counts;
}

/** A span of calendar dates, both ends included (YYYY-MM-DD). */
export interface DateSpan {
	start: string;
	end: string;
}

/** A period coverage is counted over: the plan's whole period, or one of its quarters. */
export interface CoveragePeriod extends DateSpan {
	kind: 'year' | 'quarter' | 'custom';
	year: number | null;
	quarter: number | null;
}

const QUARTER_BOUNDS = [
	['01-01', '03-31'],
	['04-01', '06-30'],
	['07-01', '09-30'],
	['10-01', '12-31']
] as const;

function quarterPeriod(year: number, quarter: number): CoveragePeriod {
	const [from, to] = QUARTER_BOUNDS[quarter - 1]!;
	return { kind: 'quarter', year, quarter, start: `${year}-${from}`, end: `${year}-${to}` };
}

/**
 * The periods coverage is shown for: the plan's period first, and for a year plan each of its
 * quarters too, so a supervisor sees whether the target is met as the year goes, not only at
 * its end.
 */
export function coveragePeriods(period: PlanPeriod): CoveragePeriod[] {
	if (period.kind === 'quarter') return [quarterPeriod(period.year, period.quarter)];
	if (period.kind === 'custom') return [{ kind: 'custom', year: null, quarter: null, start: period.start, end: period.end }];
	const year: CoveragePeriod = {
		kind: 'year',
		year: period.year,
		quarter: null,
		start: `${period.year}-01-01`,
		end: `${period.year}-12-31`
	};
	return [year, ...[1, 2, 3, 4].map((q) => quarterPeriod(period.year, q))];
}

/** A done official visit: the unit visited, the Vietnam date it was made (started), its type. */
export interface DoneVisit {
	unitCode: number;
	date: string;
	/** As on the record; a record that states none is đột xuất (see inspection.ts). */
	inspectionType: InspectionType | undefined;
}

export interface PeriodCoverage {
	period: CoveragePeriod;
	/** Units of the scope with at least one done official visit dated inside the period. */
	covered: number;
	/** Units in the plan's scope. */
	inScope: number;
	/** covered / inScope × 100, unrounded (0 for an empty scope). */
	percent: number;
	targetPercent: number;
	/** covered / inScope ≥ target / 100, compared in whole numbers so 57 × 10 % is not a float. */
	met: boolean;
}

/**
 * Coverage of each period: units of `scope` with at least one visit of `done` of the plan's type
 * dated inside it, against the target. The caller passes only done official visits (kind
 * 'official', submitted or approved), of the plan or not: a unit visited unannounced outside the
 * draw was still visited unannounced. A visit of another type (a periodic one against a target of
 * unannounced ones) or of a unit outside the scope is not counted; a unit visited twice counts once.
 */
export function planCoverage(
	periods: readonly CoveragePeriod[],
	scope: readonly number[],
	done: readonly DoneVisit[],
	target: { percent: number; inspectionType: InspectionType }
): PeriodCoverage[] {
	const inScope = new Set(scope);
	const counted = done.filter((v) => inScope.has(v.unitCode) && (v.inspectionType ?? 'dot_xuat') === target.inspectionType);
	const targetPercent = target.percent;
	return periods.map((period) => {
		const units = new Set(counted.filter((v) => v.date >= period.start && v.date <= period.end).map((v) => v.unitCode));
		const covered = units.size;
		const percent = inScope.size === 0 ? 0 : (covered * 100) / inScope.size;
		// Targets have at most one decimal (the form's step): compare in tenths of a percent.
		const met = inScope.size > 0 && covered * 1000 >= Math.round(targetPercent * 10) * inScope.size;
		return { period, covered, inScope: inScope.size, percent, targetPercent, met };
	});
}

/** A percent as shown: rounded down to one decimal, so a coverage just short of its target never reads as meeting it. */
export function shownPercent(percent: number): number {
	return Math.floor(percent * 10 + 1e-9) / 10;
}
