/**
 * Report periods in Vietnam time (UTC+7, no daylight saving) turned into the bounds the queries
 * compare with. Devices write times with `toISOString()` (UTC, `…Z`), so a quarter is the
 * half-open range of UTC ISO strings from its first local midnight to the next quarter's.
 */
import { startOfVietnamDay, vietnamDate } from '$lib/domain/dates';

export { vietnamDate };

export interface Period {
	/** Inclusive, UTC ISO 8601. */
	from: string;
	/** Exclusive, UTC ISO 8601. */
	to: string;
}

export interface Quarter {
	year: number;
	/** 1–4. */
	quarter: number;
}

/** The first day of a quarter; quarter 5 is the next year's first. */
const quarterStart = (year: number, quarter: number) =>
	quarter === 5 ? `${year + 1}-01-01` : `${year}-${String((quarter - 1) * 3 + 1).padStart(2, '0')}-01`;

export function quarterPeriod({ year, quarter }: Quarter): Period {
	if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new RangeError(`quarter must be 1–4, got ${quarter}`);
	return { from: startOfVietnamDay(quarterStart(year, quarter)), to: startOfVietnamDay(quarterStart(year, quarter + 1)) };
}

/** The quarter a moment falls in, in Vietnam time. */
export function quarterOf(at: Date): Quarter {
	const [year, month] = vietnamDate(at).split('-').map(Number) as [number, number];
	return { year, quarter: Math.floor((month - 1) / 3) + 1 };
}
