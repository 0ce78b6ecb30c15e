/**
 * Report periods in Vietnam time (UTC+7, no daylight saving) turned into the bounds the queries
 * compare with. Devices write times with `toISOString()` (UTC, `…Z`), so a quarter is the
 * half-open range of UTC ISO strings from its first local midnight to the next quarter's.
 */
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

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

const localMidnight = (year: number, monthIndex: number) => new Date(Date.UTC(year, monthIndex, 1) - VN_OFFSET_MS).toISOString();

export function quarterPeriod({ year, quarter }: Quarter): Period {
	if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new RangeError(`quarter must be 1–4, got ${quarter}`);
	const start = (quarter - 1) * 3;
	return { from: localMidnight(year, start), to: localMidnight(year, start + 3) };
}

/** The quarter a moment falls in, in Vietnam time. */
export function quarterOf(at: Date): Quarter {
	const local = new Date(at.getTime() + VN_OFFSET_MS);
	return { year: local.getUTCFullYear(), quarter: Math.floor(local.getUTCMonth() / 3) + 1 };
}

/** Today's date in Vietnam (YYYY-MM-DD), the form finding deadlines are stored in. */
export function vietnamDate(at: Date = new Date()): string {
	return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}
