/** Words and colours for where a visit stands and why it sits on a calendar day, once for the plan view. */
import type { CalendarMark } from '$lib/domain/plan-calendar';
import type { VisitProgress } from '$lib/domain/plan-progress';
import { m } from '$lib/ui/i18n.svelte';

const progress: Record<VisitProgress, () => string> = {
	planned: m.plan_progress_planned,
	started: m.plan_progress_started,
	done: m.plan_progress_done,
	overdue: m.plan_progress_overdue
};

const mark: Record<CalendarMark, () => string> = {
	started: m.plan_calendar_mark_started,
	window_start: m.plan_calendar_mark_window_start,
	window_end: m.plan_calendar_mark_window_end
};

export const visitProgressLabel = (p: VisitProgress): string => progress[p]();
export const calendarMarkLabel = (k: CalendarMark): string => mark[k]();

/** The background a visit's progress is shown on, in the list and the calendar alike. */
export const progressBackground: Record<VisitProgress, string> = {
	planned: '#e3f2fd',
	started: '#fff8e1',
	done: '#e8f5e9',
	overdue: '#ffebee'
};
