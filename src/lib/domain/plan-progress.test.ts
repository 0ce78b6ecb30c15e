import { describe, expect, it } from 'vitest';
import { countByProgress, coveragePeriods, planCoverage, shownPercent, visitProgress, type DoneVisit } from './plan-progress';

describe('visitProgress', () => {
	const today = '2026-03-15';

	it('calls a submitted or approved record done, even after its window', () => {
		expect(visitProgress('submitted', '2026-03-31', today)).toBe('done');
		expect(visitProgress('approved', '2026-01-31', today)).toBe('done');
	});

	it('keeps a planned visit planned until its window has ended, the last day included', () => {
		expect(visitProgress('planned', '2026-03-31', today)).toBe('planned');
		expect(visitProgress('planned', '2026-03-15', today)).toBe('planned');
		expect(visitProgress('planned', '2026-03-14', today)).toBe('overdue');
	});

	it('calls a draft or a returned record started, and overdue once its window has ended', () => {
		expect(visitProgress('draft', '2026-03-20', today)).toBe('started');
		expect(visitProgress('returned', '2026-03-20', today)).toBe('started');
		expect(visitProgress('draft', '2026-02-28', today)).toBe('overdue');
		expect(visitProgress('returned', '2026-02-28', today)).toBe('overdue');
	});

	it('never calls a visit without a window overdue', () => {
		expect(visitProgress('draft', null, today)).toBe('started');
	});

	it('counts each progress', () => {
		expect(countByProgress(['done', 'overdue', 'done', 'planned'])).toEqual({ planned: 1, started: 0, done: 2, overdue: 1 });
	});
});

describe('coveragePeriods', () => {
	it('gives a year plan its year and its four quarters', () => {
		const periods = coveragePeriods({ kind: 'year', year: 2026 });
		expect(periods.map((p) => [p.kind, p.quarter, p.start, p.end])).toEqual([
			['year', null, '2026-01-01', '2026-12-31'],
			['quarter', 1, '2026-01-01', '2026-03-31'],
			['quarter', 2, '2026-04-01', '2026-06-30'],
			['quarter', 3, '2026-07-01', '2026-09-30'],
			['quarter', 4, '2026-10-01', '2026-12-31']
		]);
	});

	it('gives a quarter or a custom plan its own period only', () => {
		expect(coveragePeriods({ kind: 'quarter', year: 2026, quarter: 2 })).toEqual([
			{ kind: 'quarter', year: 2026, quarter: 2, start: '2026-04-01', end: '2026-06-30' }
		]);
		expect(coveragePeriods({ kind: 'custom', start: '2026-05-10', end: '2026-07-20' })).toEqual([
			{ kind: 'custom', year: null, quarter: null, start: '2026-05-10', end: '2026-07-20' }
		]);
	});
});

describe('planCoverage', () => {
	// 57 units in scope, codes 1..57, target 10 %: 5.7 units, so 6 meet it and 5 do not.
	const scope = Array.from({ length: 57 }, (_, i) => i + 1);
	const q1 = coveragePeriods({ kind: 'quarter', year: 2026, quarter: 1 });
	const visits = (codes: number[], date = '2026-02-10'): DoneVisit[] =>
		codes.map((unitCode) => ({ unitCode, date, inspectionType: 'dot_xuat' }));
	const tenPercent = { percent: 10, inspectionType: 'dot_xuat' } as const;

	it('reads "8 of 57 units, 14 % ≥ 10 %"', () => {
		const [c] = planCoverage(q1, scope, visits([1, 2, 3, 4, 5, 6, 7, 8]), tenPercent);
		expect(c).toMatchObject({ covered: 8, inScope: 57, targetPercent: 10, met: true });
		expect(shownPercent(c!.percent)).toBe(14); // 8 / 57 = 14.035…
	});

	it('is not met at 5 of 57 (8.7 %) and met at exactly 6 of 57 (10.5 %)', () => {
		expect(planCoverage(q1, scope, visits([1, 2, 3, 4, 5]), tenPercent)[0]).toMatchObject({ covered: 5, met: false });
		expect(shownPercent(planCoverage(q1, scope, visits([1, 2, 3, 4, 5]), tenPercent)[0]!.percent)).toBe(8.7);
		expect(planCoverage(q1, scope, visits([1, 2, 3, 4, 5, 6]), tenPercent)[0]).toMatchObject({ covered: 6, met: true });
	});

	it('meets a target exactly reached: 2 of 20 units is 10 %', () => {
		const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
		const [c] = planCoverage(q1, twenty, visits([3, 9]), tenPercent);
		expect(c).toMatchObject({ covered: 2, inScope: 20, percent: 10, met: true });
		// 12.5 % of 8 units is one unit exactly.
		expect(planCoverage(q1, twenty.slice(0, 8), visits([3]), { percent: 12.5, inspectionType: 'dot_xuat' })[0]).toMatchObject({
			percent: 12.5,
			met: true
		});
	});

	it('counts a unit visited twice once, and no unit outside the scope', () => {
		const done = [...visits([1, 1, 2]), ...visits([58, 999])];
		expect(planCoverage(q1, scope, done, tenPercent)[0]).toMatchObject({ covered: 2, inScope: 57 });
	});

	it('counts a visit in the period of its date only, both ends included', () => {
		const year = coveragePeriods({ kind: 'year', year: 2026 });
		const done: DoneVisit[] = [
			{ unitCode: 1, date: '2026-01-01' },
			{ unitCode: 2, date: '2026-03-31' },
			{ unitCode: 3, date: '2026-04-01' },
			{ unitCode: 4, date: '2026-12-31' },
			{ unitCode: 5, date: '2025-12-31' },
			{ unitCode: 6, date: '2027-01-01' }
		].map((v) => ({ ...v, inspectionType: undefined }));
		expect(planCoverage(year, scope, done, tenPercent).map((c) => c.covered)).toEqual([4, 2, 1, 0, 1]);
	});

	it("counts only visits of the plan's type, a record stating none being đột xuất", () => {
		const done: DoneVisit[] = [
			{ unitCode: 1, date: '2026-02-01', inspectionType: 'dinh_ky' },
			{ unitCode: 2, date: '2026-02-01', inspectionType: undefined },
			{ unitCode: 3, date: '2026-02-01', inspectionType: 'dot_xuat' }
		];
		expect(planCoverage(q1, scope, done, tenPercent)[0]!.covered).toBe(2);
		expect(planCoverage(q1, scope, done, { percent: 10, inspectionType: 'dinh_ky' })[0]!.covered).toBe(1);
	});

	it('answers 0 % and not met for an empty scope', () => {
		expect(planCoverage(q1, [], visits([1]), tenPercent)[0]).toMatchObject({ covered: 0, inScope: 0, percent: 0, met: false });
	});
});

describe('shownPercent', () => {
	it('rounds down to one decimal so 9.96 % never reads as 10 %', () => {
		expect(shownPercent(9.96)).toBe(9.9);
		expect(shownPercent(10)).toBe(10);
		expect(shownPercent((1 * 100) / 3)).toBe(33.3);
	});
});
