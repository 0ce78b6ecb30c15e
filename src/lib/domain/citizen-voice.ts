/**
 * The citizen's voice in the reports (issue 19, must-show 5): per unit and period, respondents and
 * the average per SIPAS factor from exit interviews and from the feedback point, beside the
 * inspection's failed items of the same factor, with the previous period. Pure: the server sums
 * responses in SQL (lib/server/reports/citizen-voice.ts) and this module turns the sums into the
 * figures every screen, export and document reads. Definitions: docs/reports.md "Ý kiến người dân".
 *
 * Averages are `summarizeResponses`'s (questionnaire.ts): each respondent's mean on a factor's
 * scale questions, averaged over the respondents who answered one. Sums of those means add up
 * across units and periods, so a province's average is its respondents' average, never a mean of
 * unit means. Fewer than SMALL_SAMPLE respondents: `smallSample`, printed with "n = …", and nothing
 * ranks units by these averages.
 */
import { SMALL_SAMPLE, sipasFactors, type FactorAverage } from './questionnaire';
import type { SipasFactor } from './template';

export type VoiceSource = 'interview' | 'point';

/** What an average is made of: respondents answering the factor, and the sum of their own means. */
export interface FactorSum {
	n: number;
	total: number;
}

/** One row of the sums query: a unit, one of the periods asked for, one source. */
export interface VoiceSumRow {
	unitCode: number;
	/** Index into the periods the query was given. */
	period: number;
	/** 'flood': point responses of a burst judged a flood, counted apart and never averaged. */
	source: VoiceSource | 'flood';
	respondents: number;
	factors: Record<SipasFactor, FactorSum>;
}

export interface VoiceFigures {
	respondents: number;
	factors: Record<SipasFactor, FactorAverage>;
}

/** One unit's (or the scope's) voice over one period. */
export interface VoiceSide {
	interviews: VoiceFigures;
	point: VoiceFigures;
	/** Point responses judged a flood: shown as such, in no average. */
	flooded: number;
	/** The inspection's findings per SIPAS factor of their item (the report's `sipas`). */
	failedItems: Record<SipasFactor, number>;
}

export interface UnitVoice {
	unitCode: number;
	unitName: string;
	current: VoiceSide;
	previous: VoiceSide;
}

/** `PeriodReport.voice`: units in the scope's list order (never ranked by these averages). */
export interface CitizenVoice {
	totals: VoiceSide;
	previousTotals: VoiceSide;
	units: UnitVoice[];
	/** The scope over each of the report's trend periods (`PeriodReport.trend`, same order: oldest first, this one last). */
	trend: VoiceSide[];
}

const byFactor = <T>(make: (f: SipasFactor) => T) => Object.fromEntries(sipasFactors.map((f) => [f, make(f)])) as Record<SipasFactor, T>;

export const emptyFactorSums = (): Record<SipasFactor, FactorSum> => byFactor(() => ({ n: 0, total: 0 }));
export const noFailedItems = (): Record<SipasFactor, number> => byFactor(() => 0);

/** The average of a factor's sums, flagged when its respondents are fewer than SMALL_SAMPLE. */
export function factorAverage({ n, total }: FactorSum): FactorAverage {
	return { n, mean: n === 0 ? null : total / n, smallSample: n < SMALL_SAMPLE };
}

interface SideSums {
	interview: { respondents: number; factors: Record<SipasFactor, FactorSum> };
	point: { respondents: number; factors: Record<SipasFactor, FactorSum> };
	flooded: number;
}

const emptySide = (): SideSums => ({
	interview: { respondents: 0, factors: emptyFactorSums() },
	point: { respondents: 0, factors: emptyFactorSums() },
	flooded: 0
});

function add(into: SideSums, row: VoiceSumRow): void {
	if (row.source === 'flood') {
		into.flooded += row.respondents;
		return;
	}
	const side = into[row.source];
	side.respondents += row.respondents;
	for (const f of sipasFactors) {
		side.factors[f].n += row.factors[f].n;
		side.factors[f].total += row.factors[f].total;
	}
}

const figures = (s: SideSums['interview']): VoiceFigures => ({
	respondents: s.respondents,
	factors: byFactor((f) => factorAverage(s.factors[f]))
});

const side = (s: SideSums, failedItems: Record<SipasFactor, number>): VoiceSide => ({
	interviews: figures(s.interview),
	point: figures(s.point),
	flooded: s.flooded,
	failedItems
});

/** Findings per SIPAS factor of their item, for the whole scope and per unit (the report's `sipas` count). */
export function failedItemsByFactor(
	findings: readonly { itemId: string; unitCode: number }[],
	itemFactors: Map<string, SipasFactor>
): { total: Record<SipasFactor, number>; units: Map<number, Record<SipasFactor, number>> } {
	const total = noFailedItems();
	const units = new Map<number, Record<SipasFactor, number>>();
	for (const f of findings) {
		const factor = itemFactors.get(f.itemId);
		if (!factor) continue;
		total[factor] += 1;
		let unit = units.get(f.unitCode);
		if (!unit) units.set(f.unitCode, (unit = noFailedItems()));
		unit[factor] += 1;
	}
	return { total, units };
}

export interface VoiceAssemblyInput {
	/** The periods the sums were read for (`VoiceSumRow.period` indexes them) with their findings; the report's period last, its previous one before. */
	periods: { findings: readonly { itemId: string; unitCode: number }[] }[];
	rows: readonly VoiceSumRow[];
	units: readonly { code: number; name: string }[];
	itemFactors: Map<string, SipasFactor>;
}

/** The voice of a scope: totals and each unit for the last two periods, the scope's totals for each period. */
export function assembleCitizenVoice(input: VoiceAssemblyInput): CitizenVoice {
	const count = input.periods.length;
	if (count < 2) throw new RangeError('The voice needs the period and the one before it');
	const scope = input.periods.map(() => emptySide());
	const perUnit = new Map<number, SideSums[]>();
	for (const row of input.rows) {
		if (row.period < 0 || row.period >= count) continue;
		add(scope[row.period]!, row);
		if (row.period < count - 2) continue;
		let sides = perUnit.get(row.unitCode);
		if (!sides) perUnit.set(row.unitCode, (sides = [emptySide(), emptySide()]));
		add(sides[row.period - (count - 2)]!, row);
	}
	const failed = input.periods.map((p) => failedItemsByFactor(p.findings, input.itemFactors));
	const trend = input.periods.map((_, i) => side(scope[i]!, failed[i]!.total));
	const [previousFailed, currentFailed] = [failed[count - 2]!, failed[count - 1]!];
	return {
		totals: side(scope[count - 1]!, currentFailed.total),
		previousTotals: side(scope[count - 2]!, previousFailed.total),
		units: input.units.map((u) => {
			const [previous, current] = perUnit.get(u.code) ?? [emptySide(), emptySide()];
			return {
				unitCode: u.code,
				unitName: u.name,
				current: side(current!, currentFailed.units.get(u.code) ?? noFailedItems()),
				previous: side(previous!, previousFailed.units.get(u.code) ?? noFailedItems())
			};
		}),
		trend
	};
}

/**
 * Change of a factor's average against the previous period; null unless both periods have at
 * least SMALL_SAMPLE respondents on it (a move of a handful of answers is noise, not a trend).
 */
export function voiceChange(current: FactorAverage, previous: FactorAverage): number | null {
	if (current.mean === null || previous.mean === null || current.smallSample || previous.smallSample) return null;
	return current.mean - previous.mean;
}

/** Whether a side has anything to show: respondents of either source, a flood, or a failed item. */
export const voiceHasData = (s: VoiceSide): boolean =>
	s.interviews.respondents > 0 || s.point.respondents > 0 || s.flooded > 0 || sipasFactors.some((f) => s.failedItems[f] > 0);

/** An average as people read it: "4,25", or "3,50 (n = 4)" for a small sample, "—" without one. */
export function formatAverage(a: FactorAverage, decimal = ','): string {
	if (a.mean === null) return '—';
	const text = a.mean.toFixed(2).replace('.', decimal);
	return a.smallSample ? `${text} (n = ${a.n})` : text;
}

/** An average rounded for a file (two decimals), null without one. */
const roundedMean = (a: FactorAverage) => (a.mean === null ? null : Math.round(a.mean * 100) / 100);

/**
 * One unit's rows of the `citizen-voice` export (exports.ts columns after the unit's and the
 * period's): one per SIPAS factor, with the previous period's figures beside.
 */
export function voiceExportRows(
	unit: Pick<UnitVoice, 'current' | 'previous'>,
	previousPeriod: string,
	factorName: (f: SipasFactor) => string
): (string | number | boolean | null)[][] {
	const { current, previous } = unit;
	return sipasFactors.map((f) => [
		f,
		factorName(f),
		current.interviews.respondents,
		current.interviews.factors[f].n,
		roundedMean(current.interviews.factors[f]),
		current.interviews.factors[f].smallSample,
		current.point.respondents,
		current.point.factors[f].n,
		roundedMean(current.point.factors[f]),
		current.point.factors[f].smallSample,
		current.flooded,
		current.failedItems[f],
		previousPeriod,
		previous.interviews.factors[f].n,
		roundedMean(previous.interviews.factors[f]),
		previous.point.factors[f].n,
		roundedMean(previous.point.factors[f]),
		previous.failedItems[f]
	]);
}
