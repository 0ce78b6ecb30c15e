import { describe, expect, it } from 'vitest';
import { quarterOf, quarterPeriod, vietnamDate } from './periods';

describe('report periods in Vietnam time', () => {
	it('a quarter runs from its first local midnight to the next quarter’s, in UTC', () => {
		expect(quarterPeriod({ year: 2026, quarter: 3 })).toEqual({ from: '2026-06-30T17:00:00.000Z', to: '2026-09-30T17:00:00.000Z' });
		expect(quarterPeriod({ year: 2026, quarter: 4 }).to).toBe('2026-12-31T17:00:00.000Z');
		expect(() => quarterPeriod({ year: 2026, quarter: 5 })).toThrow(RangeError);
	});

	it('the quarter and the date of a moment follow Vietnam’s clock, not UTC’s', () => {
		const newYearInHanoi = new Date('2026-12-31T18:30:00Z');
		expect(quarterOf(newYearInHanoi)).toEqual({ year: 2027, quarter: 1 });
		expect(vietnamDate(newYearInHanoi)).toBe('2027-01-01');
	});
});
