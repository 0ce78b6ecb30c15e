/**
 * Read-only queries for the supervisor's screens (issue 6 sized them at 3,321 communes × 24
 * inspections; see BENCHMARKS.md). Scoping by the caller's role and province is the route's job.
 */
export { listProvinceInspections, INSPECTION_PAGE_SIZE, type InspectionListPage, type InspectionListRow } from './inspection-list';
export { complianceByCommune, complianceByProvince, REPORTED_STATUSES, type AreaCompliance, type ComplianceReport } from './compliance';
export { overdueFindings, type OverdueFinding } from './overdue';
export { quarterPeriod, quarterOf, vietnamDate, type Period, type Quarter } from './periods';
export { unitNames, type UnitNames } from './unit-names';
export { buildPeriodReport, TREND_POINTS, type PeriodReportRequest } from './period-report';
export { inspectionWorkList, findingWorkList } from './work-lists';
export { ensureSummaries, recountSummaries, summarizeRecords } from './record-summaries';
export { recountOpenFindings } from './open-findings';
