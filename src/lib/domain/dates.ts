/**
 * The one date module: every date the app parses, shows or counts goes through here.
 *
 * Officials read dates on Vietnam's clock (Asia/Ho_Chi_Minh, UTC+7 all year, no daylight
 * saving since 1975), whatever time zone the device or the server is set to. So a fixed +07:00
 * offset is exact, and this module never asks the machine for its time zone.
 *
 * Two string shapes: an instant as ISO 8601 with offset (2026-11-25T08:30:00+07:00), and a
 * calendar date as YYYY-MM-DD (deadlines). Shown to the user as dd/mm/yyyy and dd/mm/yyyy HH:mm.
 */

/** IANA name of the zone officials read dates in. */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall-clock fields in Vietnam for an instant. */
function vietnamFields(instant: Date) {
	const shifted = new Date(instant.getTime() + OFFSET_MS);
	return {
		y: shifted.getUTCFullYear(),
		mo: shifted.getUTCMonth() + 1,
		d: shifted.getUTCDate(),
		h: shifted.getUTCHours(),
		mi: shifted.getUTCMinutes(),
		s: shifted.getUTCSeconds()
	};
}

function toInstant(value: string | Date): Date | null {
	const d = value instanceof Date ? value : new Date(value);
	return Number.isNaN(d.getTime()) ? null : d;
}

/** 2026-11-25T08:30:00+07:00: an instant as it is written on the record. */
export function toVietnamIso(instant: Date): string {
	const f = vietnamFields(instant);
	return `${f.y}-${pad(f.mo)}-${pad(f.d)}T${pad(f.h)}:${pad(f.mi)}:${pad(f.s)}+07:00`;
}

/** The value a <input type="datetime-local"> shows for an instant, in Vietnam time: 2026-11-25T08:30. */
export function toDateTimeLocalValue(instant: Date): string {
	return toVietnamIso(instant).slice(0, 16);
}

/** Reads a <input type="datetime-local"> value (2026-11-25T08:30) as Vietnam time; null when it is not one. */
export function fromDateTimeLocalValue(value: string): string | null {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
	const iso = `${value.length === 16 ? `${value}:00` : value}+07:00`;
	return toInstant(iso) ? iso : null;
}

/** The calendar date in Vietnam (YYYY-MM-DD) at an instant; defaults to now. */
export function vietnamDate(instant: string | Date = new Date()): string {
	const d = toInstant(instant);
	if (!d) throw new RangeError(`Not a date: ${String(instant)}`);
	const f = vietnamFields(d);
	return `${f.y}-${pad(f.mo)}-${pad(f.d)}`;
}

/** The wall-clock time in Vietnam (HH:mm) at an instant. */
export function vietnamTime(instant: string | Date): string {
	const d = toInstant(instant);
	if (!d) throw new RangeError(`Not a date: ${String(instant)}`);
	const f = vietnamFields(d);
	return `${pad(f.h)}:${pad(f.mi)}`;
}

/** Today's date in Vietnam, as deadlines are written. */
export function today(now: Date = new Date()): string {
	return vietnamDate(now);
}

/** A YYYY-MM-DD date as days since 1970-01-01; throws RangeError on a malformed or non-existent date. */
function dayNumber(isoDate: string): number {
	const m = ISO_DATE.exec(isoDate);
	if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${isoDate}`);
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const t = Date.UTC(y, mo - 1, d);
	const back = new Date(t);
	// Date.UTC rolls 2025-02-30 over to March; a date that does not round-trip is not a date.
	if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
		throw new RangeError(`Not a calendar date: ${isoDate}`);
	return t / DAY_MS;
}

/** The instant (UTC ISO 8601) a YYYY-MM-DD day begins in Vietnam: its 00:00 at +07:00. */
export function startOfVietnamDay(isoDate: string): string {
	return new Date(dayNumber(isoDate) * DAY_MS - OFFSET_MS).toISOString();
}

/**
 * Adds calendar days to a YYYY-MM-DD date and returns YYYY-MM-DD. Throws RangeError on a
 * malformed or non-existent date or a non-integer number of days.
 */
export function addDays(isoDate: string, days: number): string {
	if (!Number.isInteger(days)) throw new RangeError(`addDays(${isoDate}, ${days})`);
	return new Date((dayNumber(isoDate) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `today` to the deadline (negative when overdue); both YYYY-MM-DD. */
export function daysLeft(deadline: string, today: string): number {
	return dayNumber(deadline) - dayNumber(today);
}

/** Past the deadline: the deadline day itself still counts as in time. */
export function isPastDeadline(deadline: string, today: string): boolean {
	return daysLeft(deadline, today) < 0;
}

/** How a deadline stands today, for the UI to put into words. */
export type DeadlineStanding = { kind: 'left'; days: number } | { kind: 'today' } | { kind: 'overdue'; days: number };

export function deadlineStanding(deadline: string, today: string): DeadlineStanding {
	const d = daysLeft(deadline, today);
	return d > 0 ? { kind: 'left', days: d } : d === 0 ? { kind: 'today' } : { kind: 'overdue', days: -d };
}

/**
 * 25/11/2026. A calendar date (YYYY-MM-DD) is shown as written; an instant is shown as its
 * date in Vietnam. '—' for nothing or garbage, so a screen never shows "Invalid Date".
 */
export function formatDate(value: string | null | undefined): string {
	if (!value) return '—';
	const iso = ISO_DATE.test(value) ? value : toInstant(value) ? vietnamDate(value) : null;
	if (!iso) return '—';
	const [y, m, d] = iso.split('-');
	return `${d}/${m}/${y}`;
}

/** 25/11/2026 08:30, on Vietnam's clock. */
export function formatDateTime(value: string | null | undefined): string {
	const d = value ? toInstant(value) : null;
	if (!d) return '—';
	const f = vietnamFields(d);
	return `${pad(f.d)}/${pad(f.mo)}/${f.y} ${pad(f.h)}:${pad(f.mi)}`;
}
