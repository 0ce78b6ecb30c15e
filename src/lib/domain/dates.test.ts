// The tests run with TZ=UTC (or whatever the machine has): every expectation here is on
// Vietnam's clock, so a result that leaked the machine's zone would fail around midnight UTC+7.
import { describe, expect, it } from 'vitest';
import {
	addDays,
	daysLeft,
	deadlineStanding,
	formatDate,
	formatDateTime,
	fromDateTimeLocalValue,
	isPastDeadline,
	startOfVietnamDay,
	toDateTimeLocalValue,
	toVietnamIso,
	today,
	vietnamDate
} from './dates';

describe('Vietnam clock across midnight UTC+7', () => {
	// 23:30 UTC on 24 November is 06:30 on 25 November in Hà Nội; 16:59 UTC is still the 24th.
	const lateUtc = new Date('2026-11-24T23:30:00Z');
	const beforeMidnightVn = new Date('2026-11-24T16:59:00Z');
	const afterMidnightVn = new Date('2026-11-24T17:00:00Z');

	it('gives the date in Vietnam, not in UTC', () => {
		expect(vietnamDate(lateUtc)).toBe('2026-11-25');
		expect(today(beforeMidnightVn)).toBe('2026-11-24');
		expect(today(afterMidnightVn)).toBe('2026-11-25');
		expect(vietnamDate('2026-11-25T00:10:00+07:00')).toBe('2026-11-25');
	});

	it('starts a Vietnam day at 17:00 UTC the day before', () => {
		expect(startOfVietnamDay('2026-11-25')).toBe('2026-11-24T17:00:00.000Z');
		expect(startOfVietnamDay('2027-01-01')).toBe('2026-12-31T17:00:00.000Z');
		expect(vietnamDate(new Date(startOfVietnamDay('2026-11-25')))).toBe('2026-11-25');
	});

	it('writes instants with +07:00 that parse back to the same moment', () => {
		expect(toVietnamIso(lateUtc)).toBe('2026-11-25T06:30:00+07:00');
		expect(new Date(toVietnamIso(lateUtc)).getTime()).toBe(lateUtc.getTime());
		expect(toVietnamIso(afterMidnightVn)).toBe('2026-11-25T00:00:00+07:00');
	});

	it('formats dd/mm/yyyy and dd/mm/yyyy HH:mm on Vietnam time', () => {
		expect(formatDateTime('2026-11-24T23:30:00Z')).toBe('25/11/2026 06:30');
		expect(formatDateTime('2026-11-24T16:59:00Z')).toBe('24/11/2026 23:59');
		expect(formatDate('2026-11-24T17:00:00Z')).toBe('25/11/2026');
		expect(formatDate('2026-12-31T23:30:00+07:00')).toBe('31/12/2026');
		// a calendar date is shown as written, whatever the zone
		expect(formatDate('2026-01-05')).toBe('05/01/2026');
	});

	it('shows a dash for nothing or garbage', () => {
		expect(formatDate(null)).toBe('—');
		expect(formatDate('')).toBe('—');
		expect(formatDateTime(undefined)).toBe('—');
		expect(formatDateTime('not a date')).toBe('—');
		expect(formatDate('2026-13-45T00:00')).toBe('—');
	});

	it('round-trips the datetime-local input on Vietnam time', () => {
		expect(toDateTimeLocalValue(lateUtc)).toBe('2026-11-25T06:30');
		expect(fromDateTimeLocalValue('2026-11-25T06:30')).toBe('2026-11-25T06:30:00+07:00');
		expect(new Date(fromDateTimeLocalValue('2026-11-25T00:15')!).toISOString()).toBe('2026-11-24T17:15:00.000Z');
		expect(fromDateTimeLocalValue('')).toBeNull();
		expect(fromDateTimeLocalValue('25/11/2026 06:30')).toBeNull();
	});

	it('counts deadlines from the Vietnam date, so late evening UTC is already the next day', () => {
		// Deadline 25/11: at 16:59 UTC on the 24th (23:59 in Hà Nội) one day is left; a minute later it is due today.
		expect(daysLeft('2026-11-25', today(beforeMidnightVn))).toBe(1);
		expect(deadlineStanding('2026-11-25', today(afterMidnightVn))).toEqual({ kind: 'today' });
		// Deadline 24/11: overdue from 17:00 UTC on the 24th, not from midnight UTC.
		expect(isPastDeadline('2026-11-24', today(beforeMidnightVn))).toBe(false);
		expect(isPastDeadline('2026-11-24', today(afterMidnightVn))).toBe(true);
		expect(deadlineStanding('2026-11-24', today(lateUtc))).toEqual({ kind: 'overdue', days: 1 });
		expect(deadlineStanding('2026-12-02', today(lateUtc))).toEqual({ kind: 'left', days: 7 });
	});
});

describe('calendar arithmetic', () => {
	it('adds calendar days across month and year ends and leap days', () => {
		expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
		expect(addDays('2025-12-25', 15)).toBe('2026-01-09');
		expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
		expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
		expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
		expect(addDays('2024-02-29', 365)).toBe('2025-02-28');
		expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
		expect(addDays('2025-06-10', 0)).toBe('2025-06-10');
	});

	it('rejects malformed and non-existent dates', () => {
		expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
		expect(() => addDays('10/06/2025', 1)).toThrow(RangeError);
		expect(() => addDays('2025-06-10', 1.5)).toThrow(RangeError);
		expect(() => daysLeft('2025-06-31', '2025-06-01')).toThrow(RangeError);
	});

	it('counts whole days between dates, negative when past', () => {
		expect(daysLeft('2026-12-01', '2026-11-25')).toBe(6);
		expect(daysLeft('2026-11-25', '2026-12-01')).toBe(-6);
		expect(daysLeft('2027-01-01', '2026-12-31')).toBe(1);
	});
});
