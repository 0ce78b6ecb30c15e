/**
 * The periodic report (issue 18) for whoever asks: a supervisor or admin gets their province, or
 * one unit of it; a ward gets its own unit only, counting approved records only (the ones
 * published to it) and without planned visits (plans are secret from the unit). Inspectors get
 * none: their work is their own records, not a province's figures. Numbers: docs/reports.md.
 */
import type { Kysely } from 'kysely';
import { vietnamDate } from '$lib/domain/dates';
import { assemblePeriodReport, lastVisits } from '$lib/domain/report-assembly';
import { periodRange, previousPeriod, trendPeriods, type PeriodReport, type ReportPeriod, type ReportScope } from '$lib/domain/reports';
import type { Database } from '../db/schema';
import { Refusal } from '../http';
import { voiceSums } from './citizen-voice';
import type { Actor } from '../sync/actor';
import { findProvince, findUnit } from '../units/unit-directory';
import { periodData, previousVisits, rosterEntries, TemplateShelf, type ReportQueryScope } from './period-data';
import { ensureSummaries } from './record-summaries';
import { unitNames } from './unit-names';

/** Points of the trend line: the period and the three before it. */
export const TREND_POINTS = 4;

export interface PeriodReportRequest {
	period: ReportPeriod;
	/** One unit; absent for the whole province (a ward always gets its own unit). */
	unitCode?: number | undefined;
	/** A national admin names the province. */
	provinceCode?: number | undefined;
	/** The day fixes are judged on; today in Vietnam by default. */
	today?: string;
}

/** The province and unit the actor may read, or a refusal (403 outside their area, 400 when one is missing). */
async function scopeFor(
	db: Kysely<Database>,
	actor: Actor,
	request: PeriodReportRequest
): Promise<{ scope: ReportScope; query: ReportQueryScope }> {
	if (actor.role === 'inspector') throw new Refusal(403, 'forbidden', 'Reports are for supervisors, admins and wards');
	const ward = actor.role === 'ward';
	// A ward account without its unit must never fall through to the province's report.
	if (ward && actor.unitCode === null) throw new Refusal(403, 'forbidden', 'This ward account has no unit');
	if (ward && request.unitCode !== undefined && request.unitCode !== actor.unitCode)
		throw new Refusal(403, 'forbidden', "A ward reads its own unit's report only");
	const unitCode = ward ? actor.unitCode : (request.unitCode ?? null);
	const provinceCode = actor.provinceCode ?? request.provinceCode;
	if (provinceCode === undefined || provinceCode === null)
		throw new Refusal(400, 'invalid_request', 'Name the province to report on', 'province');
	if (actor.provinceCode !== null && request.provinceCode !== undefined && request.provinceCode !== actor.provinceCode)
		throw new Refusal(403, 'forbidden', "This province is not the account's");
	const province = await findProvince(provinceCode);
	if (!province) throw new Refusal(404, 'not_found', `There is no province ${provinceCode}`);
	const statuses = ward ? (['approved'] as const) : (['submitted', 'approved'] as const);
	const query: ReportQueryScope = { provinceCode, unitCode, statuses, withPlans: !ward };
	if (unitCode === null) return { scope: { kind: 'province', provinceCode, provinceName: province.name }, query };
	const unit = await findUnit(db, unitCode);
	if (!unit || unit.provinceCode !== provinceCode)
		throw new Refusal(404, 'not_found', `There is no unit ${unitCode} in province ${provinceCode}`);
	return { scope: { kind: 'unit', provinceCode, provinceName: province.name, unitCode, unitName: unit.name }, query };
}

/**
 * The report of `request.period` for the actor's scope, with the previous period and the trend.
 * Read-only; works on what the server holds now (records still on an offline device are not in it).
 */
export async function buildPeriodReport(db: Kysely<Database>, actor: Actor, request: PeriodReportRequest): Promise<PeriodReport> {
	const { scope, query } = await scopeFor(db, actor, request);
	await ensureSummaries(db, query);
	const today = request.today ?? vietnamDate();
	const shelf = new TemplateShelf(db);
	const [earlier, previous] = [trendPeriods(request.period, TREND_POINTS).slice(0, -2), previousPeriod(request.period)];
	const [range, previousRange] = [periodRange(request.period), periodRange(previous)];

	const current = await periodData(db, shelf, query, range);
	const before = await periodData(db, shelf, query, previousRange);
	// Repeat findings of both periods: each unit's visit before the previous period, and before
	// this one, which is the last visit of the previous period when it ends where this one starts
	// (all but 9 months, whose previous period is the year before's) and needs no second query.
	const visitsBeforePrevious = await previousVisits(db, query, previousRange.from);
	const visitsBeforeCurrent =
		previousRange.to === range.from ? lastVisits(before, visitsBeforePrevious) : await previousVisits(db, query, range.from);
	const earlierData = [];
	for (const period of earlier) earlierData.push({ period, data: await periodData(db, shelf, query, periodRange(period)) });

	const names = await unitNames();
	const codes = scope.kind === 'unit' ? [scope.unitCode] : names.communeCodes(scope.provinceCode);
	// Units outside the bundled list (a branch, a centre) are reported rather than dropped.
	for (const i of current.inspections) if (!codes.includes(i.unitCode)) codes.push(i.unitCode);
	const units = codes.map((code) => ({
		code,
		name: scope.kind === 'unit' && code === scope.unitCode ? scope.unitName : names.commune(code)
	}));

	return assemblePeriodReport({
		period: request.period,
		previousPeriod: previous,
		scope,
		today,
		generatedAt: new Date().toISOString(),
		countedStatuses: [...query.statuses],
		units,
		current,
		previous: before,
		earlier: earlierData,
		previousVisits: visitsBeforeCurrent,
		visitsBeforePrevious,
		...shelf.catalogue(),
		roster: await rosterEntries(db, query),
		// One grouped query over the trend's periods: interviews and point responses per unit.
		voice: await voiceSums(db, query, [...earlier.map(periodRange), previousRange, range])
	});
}
