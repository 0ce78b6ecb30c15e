/**
 * Turns the rows a period's queries read into a `PeriodReport` (reports.ts). Pure, so every
 * number of the report is defined here once and tested without a database; the server only
 * loads rows (lib/server/reports/period-data.ts). Definitions: docs/reports.md.
 */
import { assembleCitizenVoice, type VoiceSumRow } from './citizen-voice';
import type { FindingStatus } from './finding-states';
import { SIPAS_FACTORS } from './scoring';
import type { SipasFactor } from './template';
import {
	FIX_STANDINGS,
	periodRange,
	type AreaFindings,
	type FixCounts,
	type FixStanding,
	type ItemFindings,
	type OfficerFigures,
	type PeriodReport,
	type RepeatFinding,
	type ReportFigures,
	type ReportPeriod,
	type ReportScope,
	type TrendPoint,
	type UnitReport
} from './reports';

/** A counted inspection of the period with its overall score (scoring.ts), null when unscored. */
export interface ReportInspection {
	id: string;
	unitCode: number;
	startedAt: string;
	score: number | null;
}

export interface ReportFinding {
	id: string;
	inspectionId: string;
	unitCode: number;
	itemId: string;
	sectionId: string;
	title: string;
	critical: boolean;
	deadline: string;
	status: FindingStatus;
	/** The officer rows (officers.id) a per-officer finding names. */
	officerIds: string[];
	/** Vietnam date of the last fix reported, null when none was. */
	fixedOn: string | null;
}

/** A planned visit whose window starts in the period; `done` once it reached a counted status. */
export interface ReportPlannedVisit {
	unitCode: number;
	done: boolean;
}

/** An officer row picked from the roster on a counted inspection. */
export interface ReportOfficerVisit {
	inspectionId: string;
	officerId: string;
	rosterId: string;
	unitCode: number;
	startedAt: string;
}

/** Everything read for one period of one scope. */
export interface PeriodData {
	inspections: ReportInspection[];
	findings: ReportFinding[];
	/** Null when the reader may not know of plans. */
	planned: ReportPlannedVisit[] | null;
	officerVisits: ReportOfficerVisit[];
}

/** A unit's last counted inspection before the period, and the items its findings named. */
export interface PreviousVisit {
	inspectionId: string;
	startedAt: string;
	itemIds: string[];
}

export interface AssemblyInput {
	period: ReportPeriod;
	previousPeriod: ReportPeriod;
	scope: ReportScope;
	today: string;
	generatedAt: string;
	countedStatuses: PeriodReport['countedStatuses'];
	/** Every unit of the scope, in the order unranked units are listed. */
	units: { code: number; name: string }[];
	current: PeriodData;
	previous: PeriodData;
	/** Earlier periods of the trend line, oldest first (the current and previous are added). */
	earlier: { period: ReportPeriod; data: PeriodData }[];
	/** Each unit's last counted visit before the period (what its first visit in it repeats). */
	previousVisits: Map<number, PreviousVisit>;
	/** The same before the previous period, so its repeat findings are counted alike. */
	visitsBeforePrevious: Map<number, PreviousVisit>;
	/** Sections of the templates the counted inspections pinned, and the SIPAS factor per item id. */
	sections: { id: string; title: string }[];
	itemFactors: Map<string, SipasFactor>;
	roster: { id: string; name: string; position: string; unitCode: number }[];
	/** Interview and feedback-point sums per unit, source and trend period (earlier…, previous, current). */
	voice: VoiceSumRow[];
}

/**
 * How a finding's fix stands on `today`: a fix reported on or before the deadline is on time,
 * after it late (verified or awaiting verification alike); without a fix, past the deadline it is
 * overdue, otherwise still pending. A reopened finding waits for a fix again.
 */
export function fixStanding(f: Pick<ReportFinding, 'status' | 'deadline' | 'fixedOn'>, today: string): FixStanding {
	if (f.status === 'fixReported' || f.status === 'verified') return f.fixedOn !== null && f.fixedOn > f.deadline ? 'late' : 'onTime';
	// Valid YYYY-MM-DD dates compare as strings the way isPastDeadline compares their days;
	// a report judges thousands of findings several times, so the parse is skipped.
	return f.deadline < today ? 'overdue' : 'pending';
}

const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

/** Code-unit order of ASCII text (ISO instants, ids), as the database's max() compares them; localeCompare is far slower. */
const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const visitOrder = (a: ReportInspection, b: ReportInspection) =>
	a.unitCode - b.unitCode || ordinal(a.startedAt, b.startedAt) || ordinal(a.id, b.id);

/** The findings of each inspection, in one pass. */
function byInspection<T extends { inspectionId: string }>(findings: T[]): Map<string, T[]> {
	const map = new Map<string, T[]>();
	for (const f of findings) {
		const list = map.get(f.inspectionId);
		if (list) list.push(f);
		else map.set(f.inspectionId, [f]);
	}
	return map;
}

/**
 * Each unit's last counted visit by the end of `data`'s period: its last one in the period, else
 * `before` (its last one before the period). When the next period starts where this one ends,
 * these are the next period's previous visits, with no further query.
 */
export function lastVisits(
	data: Pick<PeriodData, 'inspections' | 'findings'>,
	before: Map<number, PreviousVisit>
): Map<number, PreviousVisit> {
	const findings = byInspection(data.findings);
	const visits = new Map(before);
	for (const i of [...data.inspections].sort(visitOrder))
		visits.set(i.unitCode, { inspectionId: i.id, startedAt: i.startedAt, itemIds: (findings.get(i.id) ?? []).map((f) => f.itemId) });
	return visits;
}

/**
 * Findings whose item also failed at the unit's previous counted visit. Visits are taken in
 * order per unit; the first one of the period is compared with `previousVisits`.
 */
export function repeatFindings(
	data: Pick<PeriodData, 'inspections' | 'findings'>,
	previousVisits: Map<number, PreviousVisit>,
	unitName: (code: number) => string
): RepeatFinding[] {
	const findingsOf = byInspection(data.findings);
	const ordered = [...data.inspections].sort(visitOrder);
	const repeats: RepeatFinding[] = [];
	let last: { unitCode: number; visit: PreviousVisit } | null = null;
	for (const inspection of ordered) {
		const before = last?.unitCode === inspection.unitCode ? last.visit : previousVisits.get(inspection.unitCode);
		const findings = findingsOf.get(inspection.id) ?? [];
		if (before) {
			const failedBefore = new Set(before.itemIds);
			for (const f of findings)
				if (failedBefore.has(f.itemId))
					repeats.push({
						findingId: f.id,
						inspectionId: inspection.id,
						unitCode: inspection.unitCode,
						unitName: unitName(inspection.unitCode),
						itemId: f.itemId,
						title: f.title,
						critical: f.critical,
						startedAt: inspection.startedAt,
						previousInspectionId: before.inspectionId,
						previousStartedAt: before.startedAt
					});
		}
		last = {
			unitCode: inspection.unitCode,
			visit: { inspectionId: inspection.id, startedAt: inspection.startedAt, itemIds: findings.map((f) => f.itemId) }
		};
	}
	return repeats;
}

function emptyFixes(): FixCounts {
	return Object.fromEntries(FIX_STANDINGS.map((s) => [s, 0])) as FixCounts;
}

/** The figures of the inspections, findings and planned visits given (one unit's, or all). */
function figuresOf(data: PeriodData, unitCount: number, today: string, repeats: number): ReportFigures {
	const fixes = emptyFixes();
	for (const f of data.findings) fixes[fixStanding(f, today)] += 1;
	const criticalInspections = new Set(data.findings.filter((f) => f.critical).map((f) => f.inspectionId));
	const unitsVisited = new Set(data.inspections.map((i) => i.unitCode)).size;
	return {
		planned: data.planned ? data.planned.length : null,
		plannedDone: data.planned ? data.planned.filter((p) => p.done).length : null,
		done: data.inspections.length,
		units: unitCount,
		unitsVisited,
		coverage: unitCount > 0 ? unitsVisited / unitCount : null,
		averageScore: mean(data.inspections.flatMap((i) => (i.score === null ? [] : [i.score]))),
		inspectionsWithCritical: criticalInspections.size,
		findings: data.findings.length,
		criticalFindings: data.findings.filter((f) => f.critical).length,
		fixes,
		repeatFindings: repeats
	};
}

/** `data` split by unit, in one pass (a province has hundreds of units and thousands of findings). */
function unitSlices(data: PeriodData): (unitCode: number) => PeriodData {
	const slices = new Map<number, PeriodData>();
	const slice = (unitCode: number) => {
		let s = slices.get(unitCode);
		if (!s) {
			s = { inspections: [], findings: [], planned: data.planned ? [] : null, officerVisits: [] };
			slices.set(unitCode, s);
		}
		return s;
	};
	for (const i of data.inspections) slice(i.unitCode).inspections.push(i);
	for (const f of data.findings) slice(f.unitCode).findings.push(f);
	for (const p of data.planned ?? []) slice(p.unitCode).planned!.push(p);
	for (const o of data.officerVisits) slice(o.unitCode).officerVisits.push(o);
	return slice;
}

/**
 * Best first: higher mean score, then fewer critical findings. Equal units share a rank
 * (1, 2, 2, 4); units without a scored inspection are not ranked and follow in scope order.
 */
function ranked(units: Omit<UnitReport, 'rank'>[]): UnitReport[] {
	const scored = units.filter((u) => u.figures.averageScore !== null);
	// Means of the same scores in another order differ in the last bit; such units are equal.
	const byScore = (a: Omit<UnitReport, 'rank'>, b: Omit<UnitReport, 'rank'>) => {
		const d = b.figures.averageScore! - a.figures.averageScore!;
		return Math.abs(d) < 1e-9 ? 0 : d;
	};
	const better = (a: Omit<UnitReport, 'rank'>, b: Omit<UnitReport, 'rank'>) =>
		byScore(a, b) || a.figures.criticalFindings - b.figures.criticalFindings;
	scored.sort(better);
	const result: UnitReport[] = [];
	scored.forEach((u, i) => {
		const prev = result[i - 1];
		const tie = prev && better(prev, u) === 0;
		result.push({ ...u, rank: tie ? prev.rank : i + 1 });
	});
	for (const u of units) if (u.figures.averageScore === null) result.push({ ...u, rank: null });
	return result;
}

function areasOf(findings: ReportFinding[], sections: { id: string; title: string }[]): AreaFindings[] {
	const areas = new Map<string, AreaFindings>(
		sections.map((s) => [s.id, { sectionId: s.id, title: s.title, findings: 0, criticalFindings: 0 }])
	);
	for (const f of findings) {
		const area = areas.get(f.sectionId) ?? { sectionId: f.sectionId, title: f.sectionId, findings: 0, criticalFindings: 0 };
		area.findings += 1;
		if (f.critical) area.criticalFindings += 1;
		areas.set(f.sectionId, area);
	}
	return [...areas.values()].sort((a, b) => a.sectionId.localeCompare(b.sectionId));
}

function itemsOf(findings: ReportFinding[], itemFactors: Map<string, SipasFactor>): ItemFindings[] {
	const items = new Map<string, ItemFindings & { unitSet: Set<number> }>();
	for (const f of findings) {
		const item = items.get(f.itemId) ?? {
			itemId: f.itemId,
			sectionId: f.sectionId,
			title: f.title,
			sipas: itemFactors.get(f.itemId) ?? null,
			critical: f.critical,
			findings: 0,
			units: 0,
			unitSet: new Set<number>()
		};
		item.findings += 1;
		item.unitSet.add(f.unitCode);
		items.set(f.itemId, item);
	}
	return [...items.values()]
		.map(({ unitSet, ...item }) => ({ ...item, units: unitSet.size }))
		.sort((a, b) => b.findings - a.findings || a.itemId.localeCompare(b.itemId, 'en', { numeric: true }));
}

function officersOf(data: PeriodData, roster: AssemblyInput['roster'], unitName: (code: number) => string): OfficerFigures[] {
	const named = new Map<string, number>();
	for (const f of data.findings) for (const id of f.officerIds) named.set(id, (named.get(id) ?? 0) + 1);
	const byRoster = new Map(roster.map((r) => [r.id, r]));
	const figures = new Map<string, OfficerFigures>();
	for (const v of data.officerVisits) {
		const entry = byRoster.get(v.rosterId);
		const o = figures.get(v.rosterId) ?? {
			rosterId: v.rosterId,
			name: entry?.name ?? v.rosterId,
			position: entry?.position ?? '',
			unitCode: entry?.unitCode ?? v.unitCode,
			unitName: unitName(entry?.unitCode ?? v.unitCode),
			visits: 0,
			findings: 0,
			lastVisit: v.startedAt
		};
		o.visits += 1;
		o.findings += named.get(v.officerId) ?? 0;
		if (v.startedAt > o.lastVisit) o.lastVisit = v.startedAt;
		figures.set(v.rosterId, o);
	}
	return [...figures.values()].sort((a, b) => b.findings - a.findings || a.unitCode - b.unitCode || a.name.localeCompare(b.name, 'vi'));
}

function trendPoint(period: ReportPeriod, data: PeriodData, today: string): TrendPoint {
	const f = figuresOf(data, 0, today, 0);
	return {
		period,
		range: periodRange(period),
		done: f.done,
		averageScore: f.averageScore,
		findings: f.findings,
		criticalFindings: f.criticalFindings
	};
}

function perUnit(repeats: RepeatFinding[]): Map<number, number> {
	const counts = new Map<number, number>();
	for (const r of repeats) counts.set(r.unitCode, (counts.get(r.unitCode) ?? 0) + 1);
	return counts;
}

export function assemblePeriodReport(input: AssemblyInput): PeriodReport {
	const names = new Map(input.units.map((u) => [u.code, u.name]));
	const unitName = (code: number) => names.get(code) ?? `Mã ${code}`;
	const repeats = repeatFindings(input.current, input.previousVisits, unitName);
	const previousRepeats = repeatFindings(input.previous, input.visitsBeforePrevious, unitName);
	const [repeatCounts, previousRepeatCounts] = [perUnit(repeats), perUnit(previousRepeats)];
	const [currentOf, previousOf] = [unitSlices(input.current), unitSlices(input.previous)];

	const units = input.units.map((u) => {
		const previous = figuresOf(previousOf(u.code), 1, input.today, previousRepeatCounts.get(u.code) ?? 0);
		return {
			unitCode: u.code,
			unitName: u.name,
			figures: figuresOf(currentOf(u.code), 1, input.today, repeatCounts.get(u.code) ?? 0),
			previous: {
				done: previous.done,
				averageScore: previous.averageScore,
				findings: previous.findings,
				criticalFindings: previous.criticalFindings,
				repeatFindings: previous.repeatFindings
			}
		};
	});

	const trendData = [
		...input.earlier,
		{ period: input.previousPeriod, data: input.previous },
		{ period: input.period, data: input.current }
	];
	const voice = assembleCitizenVoice({
		periods: trendData.map((t) => ({ findings: t.data.findings })),
		rows: input.voice,
		units: input.units,
		itemFactors: input.itemFactors
	});

	return {
		period: input.period,
		range: periodRange(input.period),
		previousPeriod: input.previousPeriod,
		previousRange: periodRange(input.previousPeriod),
		scope: input.scope,
		today: input.today,
		generatedAt: input.generatedAt,
		countedStatuses: input.countedStatuses,
		totals: figuresOf(input.current, input.units.length, input.today, repeats.length),
		// Only the period reported on lists its repeats; the previous one's are counted alike.
		previousTotals: figuresOf(input.previous, input.units.length, input.today, previousRepeats.length),
		units: ranked(units),
		areas: areasOf(input.current.findings, input.sections),
		items: itemsOf(input.current.findings, input.itemFactors),
		sipas: SIPAS_FACTORS.map((factor) => ({ factor, findings: voice.totals.failedItems[factor] })),
		repeats,
		officers: officersOf(input.current, input.roster, unitName),
		trend: trendData.map((t) => trendPoint(t.period, t.data, input.today)),
		voice
	};
}
