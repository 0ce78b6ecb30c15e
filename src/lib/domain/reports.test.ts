import { describe, expect, it } from 'vitest';
import {
	formatPeriodParam,
	parsePeriodParam,
	periodContaining,
	periodRange,
	previousPeriod,
	reportPeriodSchema,
	trendPeriods,
	type ReportPeriod
} from './reports';

expect.requireAssertions = true;

describe('report periods in Vietnam time', () => {
	it('each kind covers the months the CCHC report counts, from local midnight to local midnight', () => {
		expect(periodRange({ kind: 'quarter', year: 2026, quarter: 3 })).toEqual({
			start: '2026-07-01',
			end: '2026-09-30',
			from: '2026-06-30T17:00:00.000Z',
			to: '2026-09-30T17:00:00.000Z'
		});
		expect(periodRange({ kind: 'half', year: 2026, half: 1 })).toMatchObject({ start: '2026-01-01', end: '2026-06-30' });
		expect(periodRange({ kind: 'half', year: 2026, half: 2 })).toMatchObject({
			start: '2026-07-01',
			end: '2026-12-31',
			to: '2026-12-31T17:00:00.000Z'
		});
		expect(periodRange({ kind: 'nine-months', year: 2026 })).toMatchObject({ start: '2026-01-01', end: '2026-09-30' });
		expect(periodRange({ kind: 'year', year: 2028 })).toMatchObject({
			start: '2028-01-01',
			end: '2028-12-31',
			from: '2027-12-31T17:00:00.000Z'
		});
		expect(periodRange({ kind: 'custom', start: '2026-02-10', end: '2026-02-10' })).toEqual({
			start: '2026-02-10',
			end: '2026-02-10',
			from: '2026-02-09T17:00:00.000Z',
			to: '2026-02-10T17:00:00.000Z'
		});
	});

	it('an inspection at 06:30 on 1 July in Hanoi falls in Q3, though it is still 30 June in UTC', () => {
		const { from, to } = periodRange({ kind: 'quarter', year: 2026, quarter: 3 });
		const startedAt = new Date('2026-07-01T06:30:00+07:00').toISOString();
		expect(startedAt >= from && startedAt < to).toBe(true);
		const q2 = periodRange({ kind: 'quarter', year: 2026, quarter: 2 });
		expect(startedAt < q2.to).toBe(false);
	});

	it('the previous period is the quarter or half before, the same span a year earlier, or the same number of days before', () => {
		const cases: [ReportPeriod, ReportPeriod][] = [
			[
				{ kind: 'quarter', year: 2026, quarter: 1 },
				{ kind: 'quarter', year: 2025, quarter: 4 }
			],
			[
				{ kind: 'quarter', year: 2026, quarter: 3 },
				{ kind: 'quarter', year: 2026, quarter: 2 }
			],
			[
				{ kind: 'half', year: 2026, half: 1 },
				{ kind: 'half', year: 2025, half: 2 }
			],
			[
				{ kind: 'half', year: 2026, half: 2 },
				{ kind: 'half', year: 2026, half: 1 }
			],
			[
				{ kind: 'nine-months', year: 2026 },
				{ kind: 'nine-months', year: 2025 }
			],
			[
				{ kind: 'year', year: 2026 },
				{ kind: 'year', year: 2025 }
			],
			[
				{ kind: 'custom', start: '2026-03-01', end: '2026-03-10' },
				{ kind: 'custom', start: '2026-02-19', end: '2026-02-28' }
			]
		];
		for (const [period, previous] of cases) expect(previousPeriod(period)).toEqual(previous);
		expect(trendPeriods({ kind: 'quarter', year: 2026, quarter: 2 }, 4).map(formatPeriodParam)).toEqual([
			'2025-Q3',
			'2025-Q4',
			'2026-Q1',
			'2026-Q2'
		]);
	});

	it('a period goes into a URL and comes back the same; anything else is refused', () => {
		const periods: ReportPeriod[] = [
			{ kind: 'quarter', year: 2026, quarter: 4 },
			{ kind: 'half', year: 2026, half: 2 },
			{ kind: 'nine-months', year: 2026 },
			{ kind: 'year', year: 2026 },
			{ kind: 'custom', start: '2026-01-05', end: '2026-03-20' }
		];
		for (const p of periods) expect(parsePeriodParam(formatPeriodParam(p))).toEqual(p);
		expect(formatPeriodParam(periods[0]!)).toBe('2026-Q4');
		for (const bad of [
			'2026-Q5',
			'2026-H3',
			'26-Q1',
			'2026-03-20..2026-01-05',
			'2026-02-30..2026-03-01',
			'2020-01-01..2026-01-01',
			'',
			'year'
		])
			expect(parsePeriodParam(bad), bad).toBeNull();
		expect(reportPeriodSchema.safeParse({ kind: 'custom', start: '2026-03-02', end: '2026-03-01' }).error?.issues[0]?.message).toBe(
			'period_end_before_start'
		);
	});

	it('the period of a kind that holds a date', () => {
		expect(periodContaining('quarter', '2026-12-06')).toEqual({ kind: 'quarter', year: 2026, quarter: 4 });
		expect(periodContaining('half', '2026-06-30')).toEqual({ kind: 'half', year: 2026, half: 1 });
		expect(periodContaining('nine-months', '2026-12-06')).toEqual({ kind: 'nine-months', year: 2026 });
		expect(periodContaining('custom', '2026-12-06')).toEqual({ kind: 'custom', start: '2026-12-06', end: '2026-12-06' });
	});
});
