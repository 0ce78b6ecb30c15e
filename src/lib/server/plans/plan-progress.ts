/**
 * The supervisor's view of the plans (issue 16, must-show 6; docs/plans.md): the province's
 * official visits with where each stands, and a plan's coverage per period against its target.
 * The definitions are the domain's (plan-progress.ts); this module only reads the rows.
 *
 * Secrecy: only supervisors and admins reach here (apiRules), always within one province; a plan
 * of another province answers 404 as one that does not exist. Self-inspections (kind 'self')
 * are never a visit of a plan nor coverage.
 */
import type { Kysely } from 'kysely';
import { addDays, vietnamDate } from '$lib/domain/dates';
import type { Inspection, InspectionStatus } from '$lib/domain/inspection';
import type { ApiRoute } from '$lib/domain/permissions';
import { countByProgress, coveragePeriods, DONE_STATUSES, planCoverage, visitProgress, type DoneVisit } from '$lib/domain/plan-progress';
import type { PlanScope } from '$lib/domain/protocol/plans';
import {
	MAX_VISIT_SPAN_DAYS,
	MAX_VISITS,
	type PlanProgress,
	type PlanVisit,
	type PlanVisitsAnswer,
	type PlanVisitsQuery
} from '$lib/domain/protocol/plan-visits';
import { authorizeProvince } from '../authorize';
import type { Database, InspectionRow } from '../db/schema';
import { Refusal } from '../http';
import type { Actor } from '../sync/actor';
import { unitsInScope } from './draw-candidates';
import { readPlan } from './plan-documents';

const VISITS_ROUTE: ApiRoute = 'GET /api/plans/visits';
const PROGRESS_ROUTE: ApiRoute = 'GET /api/plans/[id]/progress';

type VisitRow = Pick<InspectionRow, 'id' | 'status' | 'unit_code' | 'plan_id' | 'window_start' | 'window_end' | 'started_at' | 'data'>;

function toVisit(row: VisitRow, today: string): PlanVisit {
	const doc = JSON.parse(row.data) as Inspection;
	const status = row.status as InspectionStatus;
	return {
		id: row.id,
		unit: { code: Number(row.unit_code), name: doc.unit?.name ?? '' },
		planId: row.plan_id,
		status,
		progress: visitProgress(status, row.window_end, today),
		windowStart: row.window_start,
		windowEnd: row.window_end,
		// A planned record's started_at stands in for the window's first day; it is no start.
		startedOn: status === 'planned' ? null : vietnamDate(row.started_at),
		team: (doc.team ?? []).map((m) => m.name)
	};
}

/** The province the list is of: the actor's own, or the one a national admin names. */
function provinceOf(actor: Actor, query: PlanVisitsQuery): number {
	const province = query.province ?? actor.provinceCode;
	if (province === null) throw new Refusal(400, 'province_required', 'Name the province: province=<code>', 'province');
	authorizeProvince(actor, VISITS_ROUTE, province);
	return province;
}

/**
 * The visits of a plan, or of a span of dates: official visits whose window meets the span, or
 * which were made without a window on a day inside it. Counted by progress before `status`
 * keeps one. 400 for a span longer than MAX_VISIT_SPAN_DAYS, 404 for a plan the actor may not read.
 */
export async function listPlanVisits(
	db: Kysely<Database>,
	actor: Actor,
	query: PlanVisitsQuery,
	today = vietnamDate()
): Promise<PlanVisitsAnswer> {
	let rows = db
		.selectFrom('inspections')
		.select(['id', 'status', 'unit_code', 'plan_id', 'window_start', 'window_end', 'started_at', 'data'])
		.where('kind', '=', 'official');
	if (query.planId !== undefined) {
		const plan = await readPlan(db, actor, query.planId, VISITS_ROUTE);
		rows = rows.where('province_code', '=', plan.provinceCode).where('plan_id', '=', query.planId);
	} else {
		rows = rows.where('province_code', '=', provinceOf(actor, query));
	}
	const { from, to } = query;
	if (from !== undefined && to !== undefined) {
		if (addDays(from, MAX_VISIT_SPAN_DAYS) < to) {
			throw new Refusal(400, 'invalid_request', `At most ${MAX_VISIT_SPAN_DAYS} days at a time`, 'to');
		}
		// started_at is an instant with its offset: a day either side catches every Vietnam date
		// of the span as text; the exact date is checked below.
		rows = rows.where((eb) =>
			eb.or([
				eb.and([eb('window_start', '<=', to), eb('window_end', '>=', from)]),
				eb.and([eb('window_start', 'is', null), eb('started_at', '>=', addDays(from, -1)), eb('started_at', '<', addDays(to, 2))])
			])
		);
	}
	const found = await rows
		.orderBy('window_start')
		.orderBy('started_at')
		.orderBy('id')
		.limit(MAX_VISITS + 1)
		.execute();
	const inSpan = (v: PlanVisit) =>
		from === undefined || to === undefined || v.windowStart !== null || (v.startedOn! >= from && v.startedOn! <= to);
	const visits = found
		.slice(0, MAX_VISITS)
		.map((r) => toVisit(r, today))
		.filter(inSpan);
	return {
		today,
		counts: countByProgress(visits.map((v) => v.progress)),
		visits: query.status === undefined ? visits : visits.filter((v) => v.progress === query.status),
		truncated: found.length > MAX_VISITS
	};
}

/**
 * The units a plan covers now. A unit named by hand and closed since is still counted: the plan
 * was made for it, and the target was set against it.
 */
async function scopeCodes(db: Kysely<Database>, provinceCode: number, scope: PlanScope): Promise<number[]> {
	return scope.kind === 'units' ? [...new Set(scope.unitCodes)] : unitsInScope(db, provinceCode, scope);
}

/** Done official visits of the province dated inside [start, end] (Vietnam dates). */
async function doneVisits(db: Kysely<Database>, provinceCode: number, start: string, end: string): Promise<DoneVisit[]> {
	const rows = await db
		.selectFrom('inspections')
		.select(['unit_code', 'started_at', 'data'])
		.where('kind', '=', 'official')
		.where('province_code', '=', provinceCode)
		.where('status', 'in', [...DONE_STATUSES])
		.where('started_at', '>=', addDays(start, -1))
		.where('started_at', '<', addDays(end, 2))
		.execute();
	return rows.map((r) => ({
		unitCode: Number(r.unit_code),
		date: vietnamDate(r.started_at),
		inspectionType: (JSON.parse(r.data) as Inspection).inspectionType
	}));
}

/** A plan's visits by progress and its coverage per period. 404 for a plan the actor may not read. */
export async function planProgress(db: Kysely<Database>, actor: Actor, planId: string, today = vietnamDate()): Promise<PlanProgress> {
	const plan = await readPlan(db, actor, planId, PROGRESS_ROUTE);
	const statuses = await db
		.selectFrom('inspections')
		.select(['status', 'window_end'])
		.where('kind', '=', 'official')
		.where('province_code', '=', plan.provinceCode)
		.where('plan_id', '=', planId)
		.execute();
	const scope = await scopeCodes(db, plan.provinceCode, plan.scope);
	const periods = coveragePeriods(plan.period);
	const done = await doneVisits(db, plan.provinceCode, periods[0]!.start, periods[0]!.end);
	return {
		planId,
		today,
		unitsInScope: scope.length,
		counts: countByProgress(statuses.map((s) => visitProgress(s.status as InspectionStatus, s.window_end, today))),
		coverage: planCoverage(periods, scope, done, { percent: plan.coverageTargetPercent, inspectionType: plan.inspectionType })
	};
}
