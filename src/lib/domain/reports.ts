/**
 * Periodic reports (issue 18): the periods an officer reports on — quý, 6 tháng, 9 tháng, năm
 * (the CCHC reporting rhythm the seeds ask for) or a custom range — their bounds in Vietnam time,
 * and `PeriodReport`, the one model the report screens, the printed report and the exports read.
 * Pure: the server builds a PeriodReport (lib/server/reports/period-report.ts), everyone else
 * only reads it.
 */
import { z } from 'zod';
import { addDays, daysLeft, startOfVietnamDay } from './dates';
import type { CitizenVoice } from './citizen-voice';
import type { SipasFactor } from './template';

const year = z.number().int().min(2000).max(2100);
const isoDate = z.iso.date({ message: 'invalid_date' });

/** The longest custom range: a few years is a trend, more is a full scan nobody needs. */
export const MAX_CUSTOM_PERIOD_DAYS = 5 * 366;

/** A YYYY-MM-DD that names a real day (the ISO check alone lets 2026-02-30 through). */
function calendarDate(date: string): boolean {
	try {
		return addDays(date, 0) === date;
	} catch {
		return false;
	}
}

/**
 * A report period. `half` 1 is "6 tháng đầu năm" (January–June), 2 the second half; `nine-months`
 * is "9 tháng" (January–September), as the CCHC reports count them; `custom` runs from `start` to
 * `end`, both days included.
 */
export const reportPeriodSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('quarter'), year, quarter: z.number().int().min(1).max(4) }),
	z.object({ kind: z.literal('half'), year, half: z.number().int().min(1).max(2) }),
	z.object({ kind: z.literal('nine-months'), year }),
	z.object({ kind: z.literal('year'), year }),
	z
		.object({ kind: z.literal('custom'), start: isoDate, end: isoDate })
		.refine((p) => calendarDate(p.start), { path: ['start'], message: 'invalid_date' })
		.refine((p) => calendarDate(p.end), { path: ['end'], message: 'invalid_date' })
		.refine((p) => p.start <= p.end, { path: ['end'], message: 'period_end_before_start' })
		.refine((p) => !calendarDate(p.start) || !calendarDate(p.end) || p.start > p.end || daysLeft(p.end, p.start) < MAX_CUSTOM_PERIOD_DAYS, {
			path: ['end'],
			message: 'period_too_long'
		})
]);
export type ReportPeriod = z.infer<typeof reportPeriodSchema>;
export type ReportPeriodKind = ReportPeriod['kind'];

export const REPORT_PERIOD_KINDS: readonly ReportPeriodKind[] = ['quarter', 'half', 'nine-months', 'year', 'custom'];

/** A period's days and the instants the queries compare with (devices write UTC ISO strings). */
export interface PeriodRange {
	/** First day, YYYY-MM-DD, Vietnam calendar. */
	start: string;
	/** Last day, included. */
	end: string;
	/** Inclusive, UTC ISO 8601: `start` 00:00 in Vietnam. */
	from: string;
	/** Exclusive, UTC ISO 8601: the day after `end`, 00:00 in Vietnam. */
	to: string;
}

const monthStart = (y: number, month: number) => `${y}-${String(month).padStart(2, '0')}-01`;

/** First day (month 1–12) and the first day after, as YYYY-MM-DD. */
function months(y: number, first: number, count: number): { start: string; next: string } {
	const after = first + count;
	return { start: monthStart(y, first), next: after > 12 ? monthStart(y + 1, after - 12) : monthStart(y, after) };
}

/** The days a period covers and their bounds in UTC. */
export function periodRange(p: ReportPeriod): PeriodRange {
	let span: { start: string; next: string };
	switch (p.kind) {
		case 'quarter':
			span = months(p.year, (p.quarter - 1) * 3 + 1, 3);
			break;
		case 'half':
			span = months(p.year, p.half === 1 ? 1 : 7, 6);
			break;
		case 'nine-months':
			span = months(p.year, 1, 9);
			break;
		case 'year':
			span = months(p.year, 1, 12);
			break;
		case 'custom':
			span = { start: p.start, next: addDays(p.end, 1) };
	}
	return { start: span.start, end: addDays(span.next, -1), from: startOfVietnamDay(span.start), to: startOfVietnamDay(span.next) };
}

/**
 * The period a report compares with ("so với kỳ trước"): the quarter or half before; for 9 months
 * and a year, the same span of the year before ("cùng kỳ năm trước", the only earlier 9 months
 * there is); for a custom range, the same number of days just before it.
 */
export function previousPeriod(p: ReportPeriod): ReportPeriod {
	switch (p.kind) {
		case 'quarter':
			return p.quarter === 1
				? { kind: 'quarter', year: p.year - 1, quarter: 4 }
				: { kind: 'quarter', year: p.year, quarter: p.quarter - 1 };
		case 'half':
			return p.half === 1 ? { kind: 'half', year: p.year - 1, half: 2 } : { kind: 'half', year: p.year, half: 1 };
		case 'nine-months':
		case 'year':
			return { ...p, year: p.year - 1 };
		case 'custom': {
			const days = daysLeft(p.end, p.start) + 1;
			return { kind: 'custom', start: addDays(p.start, -days), end: addDays(p.start, -1) };
		}
	}
}

/** `count` periods ending with `p`, oldest first: the points of a trend line. */
export function trendPeriods(p: ReportPeriod, count: number): ReportPeriod[] {
	const periods = [p];
	while (periods.length < count) periods.unshift(previousPeriod(periods[0]!));
	return periods;
}

/**
 * A period as a URL parameter and back: `2026-Q3`, `2026-H1`, `2026-9M`, `2026`,
 * `2026-01-05..2026-03-20`. `parsePeriod` answers null for anything else, or an invalid period.
 */
export function formatPeriodParam(p: ReportPeriod): string {
	switch (p.kind) {
		case 'quarter':
			return `${p.year}-Q${p.quarter}`;
		case 'half':
			return `${p.year}-H${p.half}`;
		case 'nine-months':
			return `${p.year}-9M`;
		case 'year':
			return String(p.year);
		case 'custom':
			return `${p.start}..${p.end}`;
	}
}

export function parsePeriodParam(text: string): ReportPeriod | null {
	const custom = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text);
	const named = /^(\d{4})(?:-(Q[1-4]|H[12]|9M))?$/.exec(text);
	let candidate: unknown = null;
	if (custom) candidate = { kind: 'custom', start: custom[1], end: custom[2] };
	else if (named) {
		const y = Number(named[1]);
		const part = named[2];
		if (!part) candidate = { kind: 'year', year: y };
		else if (part === '9M') candidate = { kind: 'nine-months', year: y };
		else if (part.startsWith('Q')) candidate = { kind: 'quarter', year: y, quarter: Number(part.slice(1)) };
		else candidate = { kind: 'half', year: y, half: Number(part.slice(1)) };
	}
	const parsed = reportPeriodSchema.safeParse(candidate);
	return parsed.success ? parsed.data : null;
}

/** The period of the given kind that holds a Vietnam date (YYYY-MM-DD); custom gets that one day. */
export function periodContaining(kind: ReportPeriodKind, date: string): ReportPeriod {
	const y = Number(date.slice(0, 4));
	const month = Number(date.slice(5, 7));
	switch (kind) {
		case 'quarter':
			return { kind, year: y, quarter: Math.floor((month - 1) / 3) + 1 };
		case 'half':
			return { kind, year: y, half: month <= 6 ? 1 : 2 };
		case 'nine-months':
		case 'year':
			return { kind, year: y };
		case 'custom':
			return { kind, start: date, end: date };
	}
}

// ——— The report model ———————————————————————————————————————————————————————————

/** How a finding's fix stands on the report's day (see docs/reports.md). */
export type FixStanding = 'onTime' | 'late' | 'overdue' | 'pending';
export const FIX_STANDINGS: readonly FixStanding[] = ['onTime', 'late', 'overdue', 'pending'];
export type FixCounts = Record<FixStanding, number>;

/**
 * The figures of one unit or of the whole scope over the period. Counted inspections are
 * official (`kind = 'official'`), in `PeriodReport.countedStatuses`, started within the period.
 */
export interface ReportFigures {
	/**
	 * Planned visits whose window starts in the period; null when the reader may not know of
	 * plans (a ward: plans are secret from the unit).
	 */
	planned: number | null;
	/** Of those, the ones done (in a counted status). Null like `planned`. */
	plannedDone: number | null;
	/** Counted inspections started in the period. */
	done: number;
	/** Units in the scope, and those with at least one counted inspection: coverage. */
	units: number;
	unitsVisited: number;
	/** unitsVisited / units; null for an empty scope. */
	coverage: number | null;
	/** Mean overall score (0..1) of the counted inspections that have one; null when none. */
	averageScore: number | null;
	/** Counted inspections with at least one critical finding. */
	inspectionsWithCritical: number;
	findings: number;
	criticalFindings: number;
	/** Findings of counted inspections, by how their fix stands. */
	fixes: FixCounts;
	/** Findings that repeat the unit's previous counted inspection's finding on the same item. */
	repeatFindings: number;
}

export interface UnitReport {
	unitCode: number;
	unitName: string;
	figures: ReportFigures;
	/** 1 = best; null when the unit had no scored inspection in the period. */
	rank: number | null;
	/** The same unit's figures over the previous period. */
	previous: Pick<ReportFigures, 'done' | 'averageScore' | 'findings' | 'criticalFindings' | 'repeatFindings'>;
}

/** Findings per template section (the checklist's areas: A, B, …). */
export interface AreaFindings {
	sectionId: string;
	title: string;
	findings: number;
	criticalFindings: number;
}

export interface ItemFindings {
	itemId: string;
	sectionId: string;
	title: string;
	sipas: SipasFactor | null;
	critical: boolean;
	findings: number;
	/** Units with at least one such finding. */
	units: number;
}

export interface SipasFindings {
	factor: SipasFactor;
	findings: number;
}

/** A finding flagged as a repeat: its item also failed at the unit's previous counted visit. */
export interface RepeatFinding {
	findingId: string;
	inspectionId: string;
	unitCode: number;
	unitName: string;
	itemId: string;
	title: string;
	critical: boolean;
	startedAt: string;
	previousInspectionId: string;
	previousStartedAt: string;
}

/** A counter officer from the roster, over the counted inspections that observed them. */
export interface OfficerFigures {
	rosterId: string;
	name: string;
	position: string;
	unitCode: number;
	unitName: string;
	/** Counted inspections that recorded this officer. */
	visits: number;
	/** Findings naming this officer (per-officer items they failed). */
	findings: number;
	lastVisit: string;
}

/** One point of the trend line: the scope's totals over one period. */
export interface TrendPoint {
	period: ReportPeriod;
	range: PeriodRange;
	done: number;
	averageScore: number | null;
	findings: number;
	criticalFindings: number;
}

export type ReportScope =
	| { kind: 'province'; provinceCode: number; provinceName: string }
	| { kind: 'unit'; provinceCode: number; provinceName: string; unitCode: number; unitName: string };

export interface PeriodReport {
	period: ReportPeriod;
	range: PeriodRange;
	previousPeriod: ReportPeriod;
	previousRange: PeriodRange;
	scope: ReportScope;
	/** The Vietnam date fixes are judged on (overdue: deadline before it). */
	today: string;
	generatedAt: string;
	/** Inspection statuses counted: submitted and approved; a ward's report counts approved only. */
	countedStatuses: ('submitted' | 'approved')[];
	totals: ReportFigures;
	previousTotals: ReportFigures;
	/** Every unit of the scope, visited or not, best rank first, unranked units after by name. */
	units: UnitReport[];
	areas: AreaFindings[];
	/** Items with findings, most findings first. */
	items: ItemFindings[];
	/** All five factors, in SIPAS order. */
	sipas: SipasFindings[];
	repeats: RepeatFinding[];
	/** Officers observed in the period; empty where no roster exists. */
	officers: OfficerFigures[];
	/** The scope's last periods of the same kind, oldest first, this one last. */
	trend: TrendPoint[];
	/** Interviews and the feedback point per SIPAS factor, beside the failed items (issue 19). */
	voice: CitizenVoice;
}

/** Change of a figure against the previous period; null when either side has none. */
export function change(current: number | null, previous: number | null): number | null {
	return current === null || previous === null ? null : current - previous;
}
