/** Local date-time strings with the device's UTC offset, as officials read them on the record. */

const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');

/** 2026-11-25T08:30:00+07:00 for the given instant in the device's time zone. */
export function toLocalIso(date: Date): string {
	const off = -date.getTimezoneOffset();
	const sign = off >= 0 ? '+' : '-';
	return (
		`${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
		`T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
		`${sign}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`
	);
}

/** The value a <input type="datetime-local"> shows for an instant: 2026-11-25T08:30. */
export function toDateTimeLocalValue(date: Date): string {
	return toLocalIso(date).slice(0, 16);
}
