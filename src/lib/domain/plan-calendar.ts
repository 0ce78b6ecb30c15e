/**
 * The month calendar of the supervisor's plan view (docs/plans.md): which days a month's grid
 * shows, and which visits sit on each day. A started visit sits on the day it was started; one
 * not started yet on the first and the last day of its window (marked), so a quarter-long window
 * does not fill ninety days.
 */
import { addDays } from './dates';

/** A month's grid: whole weeks, Monday first (as Vietnamese calendars print), YYYY-MM-DD. */
export function monthGrid(year: number, month: number): string[][] {
	const first = `${year}-${String(month).padStart(2, '0')}-01`;
	// 1970-01-01 was a Thursday; day 0 here is Monday.
	const weekday = (iso: string) => (Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000) + 3) % 7;
	let day = addDays(first, -weekday(first));
	const weeks: string[][] = [];
	do {
		const week = Array.from({ length: 7 }, (_, i) => addDays(day, i));
		weeks.push(week);
		day = addDays(day, 7);
	} while (day.slice(0, 7) === first.slice(0, 7));
	return weeks;
}

/** The month after (or before, for -1) a YYYY-MM month. */
export function shiftMonth(year: number, month: number, by: number): { year: number; month: number } {
	const total = year * 12 + (month - 1) + by;
	return { year: Math.floor(total / 12), month: (total % 12) + 1 };
}

/** Why a visit sits on a day: started then, or its window opens or closes then. */
export type CalendarMark = 'started' | 'window_start' | 'window_end';

interface Placeable {
	windowStart: string | null;
	windowEnd: string | null;
	startedOn: string | null;
}

/** The visits of each day, in the order given, with why each sits there. */
export function visitsByDay<V extends Placeable>(visits: readonly V[]): Map<string, { visit: V; mark: CalendarMark }[]> {
	const days = new Map<string, { visit: V; mark: CalendarMark }[]>();
	const put = (day: string, visit: V, mark: CalendarMark) => days.set(day, [...(days.get(day) ?? []), { visit, mark }]);
	for (const visit of visits) {
		if (visit.startedOn !== null) put(visit.startedOn, visit, 'started');
		else if (visit.windowStart !== null && visit.windowEnd !== null) {
			put(visit.windowStart, visit, 'window_start');
			if (visit.windowEnd !== visit.windowStart) put(visit.windowEnd, visit, 'window_end');
		}
	}
	return days;
}
