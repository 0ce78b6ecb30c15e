/** Words for report periods and figures, from the message files (domain/reports.ts holds the shapes). */
import { formatDate } from '$lib/domain/dates';
import { percent } from '$lib/domain/scoring';
import { periodRange, type FixStanding, type ReportPeriod } from '$lib/domain/reports';
import type { SipasFactor } from '$lib/domain/template';
import { m } from './i18n.svelte';

/** "Quý 3/2026", "6 tháng đầu năm 2026", "9 tháng năm 2026", "Năm 2026", "01/07/2026 – 30/09/2026". */
export function periodLabel(p: ReportPeriod): string {
	switch (p.kind) {
		case 'quarter':
			return m.reports_label_quarter({ quarter: p.quarter, year: p.year });
		case 'half':
			return p.half === 1 ? m.reports_label_half_first({ year: p.year }) : m.reports_label_half_second({ year: p.year });
		case 'nine-months':
			return m.reports_label_nine_months({ year: p.year });
		case 'year':
			return m.reports_label_year({ year: p.year });
		case 'custom': {
			const range = periodRange(p);
			return `${formatDate(range.start)} – ${formatDate(range.end)}`;
		}
	}
}

export const fixStandingLabel: Record<FixStanding, () => string> = {
	onTime: m.reports_fix_on_time,
	late: m.reports_fix_late,
	overdue: m.reports_fix_overdue,
	pending: m.reports_fix_pending
};

export const sipasLabel: Record<SipasFactor, () => string> = {
	TC: m.inspection_sipas_tc,
	TT: m.inspection_sipas_tt,
	CC: m.inspection_sipas_cc,
	KQ: m.inspection_sipas_kq,
	PA: m.inspection_sipas_pa
};

/** A share as a whole or one-decimal percentage, '—' when there is none. */
export function share(value: number | null): string {
	return value === null ? '—' : percent(value);
}

/** A change against the previous period with its sign: '+2', '−1', '0', '—'. */
export function signed(value: number | null, format: (v: number) => string = String): string {
	if (value === null) return '—';
	if (Math.abs(value) < 1e-9) return '0';
	return value > 0 ? `+${format(value)}` : `−${format(-value)}`;
}
