/** Medians, percentiles and the formatting of figures with their spread. */

export function percentile(values, p) {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = (p / 100) * (sorted.length - 1);
	const lo = Math.floor(rank);
	const hi = Math.ceil(rank);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export const median = (values) => percentile(values, 50);

export function summary(values) {
	return {
		n: values.length,
		median: median(values),
		min: Math.min(...values),
		max: Math.max(...values),
		p5: percentile(values, 5),
		p95: percentile(values, 95)
	};
}

/** 1234.5 → "1,235"; 12.34 → "12.3"; 0.123 → "0.12". */
export function num(x) {
	if (!Number.isFinite(x)) return '—';
	const abs = Math.abs(x);
	const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
	return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "median (min–max, n runs)". */
export function withSpread(values, unit = '') {
	const s = summary(values);
	if (s.n === 1) return `${num(s.median)}${unit} (1 run)`;
	return `${num(s.median)}${unit} (${num(s.min)}–${num(s.max)}, ${s.n} runs)`;
}
