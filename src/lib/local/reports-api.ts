/**
 * The report screens' call to GET /api/reports (docs/reports.md). Online only: a report is the
 * server's count of what every device has synced, not what this device holds.
 */
import type { ReportResponse } from '$lib/domain/protocol/reports';
import { formatPeriodParam, type PeriodReport, type ReportPeriod } from '$lib/domain/reports';
import { call } from './admin-api';

export type { PeriodReport };

export function reportUrl(period: ReportPeriod, unitCode: number | null): string {
	const params = new URLSearchParams({ period: formatPeriodParam(period) });
	if (unitCode !== null) params.set('unit', String(unitCode));
	return `/api/reports?${params}`;
}

export const reportsApi = {
	read: (period: ReportPeriod, unitCode: number | null) => call<ReportResponse>('GET', reportUrl(period, unitCode)).then((r) => r.report)
};
