/**
 * The report screens' call to GET /api/reports (docs/reports.md). Online only: a report is the
 * server's count of what every device has synced, not what this device holds.
 */
import type { ReportResponse } from '$lib/domain/protocol/reports';
import { formatPeriodParam, type PeriodReport, type ReportPeriod } from '$lib/domain/reports';
import { call } from './admin-api';

export type { PeriodReport };

/**
 * An account with no province that is not a ward's: a nationwide admin, who picks the province a
 * report or an export is of. Every other account is held to its own by the server.
 */
export function isNationwide(user: { role: string; provinceCode: number | null } | null | undefined): boolean {
	return !!user && user.role !== 'ward' && user.provinceCode === null;
}

/** `provinceCode`: the province a nationwide admin picked; null for everyone else (the server knows theirs). */
export function reportUrl(period: ReportPeriod, unitCode: number | null, provinceCode: number | null = null): string {
	const params = new URLSearchParams({ period: formatPeriodParam(period) });
	if (unitCode !== null) params.set('unit', String(unitCode));
	if (provinceCode !== null) params.set('province', String(provinceCode));
	return `/api/reports?${params}`;
}

export const reportsApi = {
	read: (period: ReportPeriod, unitCode: number | null, provinceCode: number | null = null) =>
		call<ReportResponse>('GET', reportUrl(period, unitCode, provinceCode)).then((r) => r.report)
};
