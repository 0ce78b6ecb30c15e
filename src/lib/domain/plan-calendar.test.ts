import { describe, expect, it } from 'vitest';
import { monthGrid, shiftMonth, visitsByDay } from './plan-calendar';

describe('monthGrid', () => {
	it('lays out March 2026 in whole weeks from Monday 23 February', () => {
		// 1 March 2026 is a Sunday; 31 March a Tuesday.
		const weeks = monthGrid(2026, 3);
		expect(weeks).toHaveLength(6);
		expect(weeks[0]).toEqual(['2026-02-23', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01']);
		expect(weeks[5]![0]).toBe('2026-03-30');
		expect(weeks[5]![6]).toBe('2026-04-05');
	});

	it('needs four weeks for February 2027, which starts on a Monday', () => {
		const weeks = monthGrid(2027, 2);
		expect(weeks).toHaveLength(4);
		expect(weeks[0]![0]).toBe('2027-02-01');
		expect(weeks[3]![6]).toBe('2027-02-28');
	});
});

describe('shiftMonth', () => {
	it('crosses years both ways', () => {
		expect(shiftMonth(2026, 12, 1)).toEqual({ year: 2027, month: 1 });
		expect(shiftMonth(2026, 1, -1)).toEqual({ year: 2025, month: 12 });
	});
});

describe('visitsByDay', () => {
	it('puts a started visit on its start day and a planned one on both ends of its window', () => {
		const started = { id: 'a', windowStart: '2026-03-01', windowEnd: '2026-03-31', startedOn: '2026-03-10' };
		const planned = { id: 'b', windowStart: '2026-03-05', windowEnd: '2026-03-20', startedOn: null };
		const oneDay = { id: 'c', windowStart: '2026-03-07', windowEnd: '2026-03-07', startedOn: null };
		const days = visitsByDay([started, planned, oneDay]);
		expect(days.get('2026-03-10')).toEqual([{ visit: started, mark: 'started' }]);
		expect(days.get('2026-03-05')).toEqual([{ visit: planned, mark: 'window_start' }]);
		expect(days.get('2026-03-20')).toEqual([{ visit: planned, mark: 'window_end' }]);
		expect(days.get('2026-03-07')).toEqual([{ visit: oneDay, mark: 'window_start' }]);
		expect(days.has('2026-03-01')).toBe(false);
	});
});
