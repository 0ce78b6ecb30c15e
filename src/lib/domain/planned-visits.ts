/**
 * The inspector's side of a plan (issue 16): "my visits" — the planned visits assigned to them,
 * with their window — and starting one, which turns the planned record into their draft.
 *
 * The device and the server both build the started draft with `startedFromPlan`, so the copy of
 * the plan's unit, team, inspection type and căn cứ cannot differ between the two.
 *
 * Who owns the draft: the inspector who starts it. The plan was the supervisor's record; from the
 * start it is the starting inspector's like any draft (only they edit, sign and submit it, and the
 * supervisor who planned it may review it). The other assigned inspectors keep reading it through
 * their assignment, as they read the plan.
 */
import type { z } from 'zod';
import type { GeoPosition, Inspection, InspectionStatus } from './inspection';
import type { planFactsSchema } from './protocol/entities';

/** The plan's facts on a planned record (the pulled row's `plan`): window, assigned inspectors. */
export type PlanFacts = z.infer<typeof planFactsSchema>;

export type PlannedRecord = Inspection & { plan?: PlanFacts };

/** Where today falls against a visit's window: before it opens, inside it, or after it closed. */
export type VisitTiming = 'upcoming' | 'open' | 'overdue';

/** ISO dates compare correctly as strings. */
export function visitTiming(plan: Pick<PlanFacts, 'windowStart' | 'windowEnd'>, today: string): VisitTiming {
	if (today < plan.windowStart) return 'upcoming';
	return today > plan.windowEnd ? 'overdue' : 'open';
}

export interface MyVisit {
	inspection: PlannedRecord & { plan: PlanFacts };
	timing: VisitTiming;
}

const isAssigned = (record: PlannedRecord, userId: string): record is PlannedRecord & { plan: PlanFacts } =>
	!!record.plan && record.plan.assignedInspectorIds.includes(userId);

/**
 * The planned visits assigned to `userId` that are still to be started, overdue first, then by
 * window (the one closing soonest first), then by unit name.
 */
export function myVisits(records: readonly PlannedRecord[], userId: string, today: string): MyVisit[] {
	const rank: Record<VisitTiming, number> = { overdue: 0, open: 1, upcoming: 2 };
	return records
		.filter((r): r is PlannedRecord & { plan: PlanFacts } => r.status === 'planned' && isAssigned(r, userId))
		.map((inspection) => ({ inspection, timing: visitTiming(inspection.plan, today) }))
		.sort(
			(a, b) =>
				rank[a.timing] - rank[b.timing] ||
				a.inspection.plan.windowEnd.localeCompare(b.inspection.plan.windowEnd) ||
				a.inspection.unit.name.localeCompare(b.inspection.unit.name, 'vi')
		);
}

/** What the inspector records when starting: when and where, as on an unplanned start. */
export interface StartFacts {
	startedAt: string;
	position: GeoPosition | null;
	positionNote: string;
}

/** Why a planned visit cannot be started by this person now, as a code the UI words. */
export type StartRefusal = 'not_assigned' | 'already_started';

export function startRefusal(record: { status: InspectionStatus; plan?: Pick<PlanFacts, 'assignedInspectorIds'> }, userId: string) {
	if (!record.plan?.assignedInspectorIds.includes(userId)) return 'not_assigned' satisfies StartRefusal;
	if (record.status !== 'planned') return 'already_started' satisfies StartRefusal;
	return null;
}

/**
 * The draft a started planned visit becomes: the plan's unit, team, inspection type, căn cứ,
 * template and sections as they are, the start's time and position, owned by the starting
 * inspector. The plan's facts stay on the record, so it is known to come from a plan.
 */
export function startedFromPlan<R extends PlannedRecord>(planned: R, start: StartFacts, startedBy: string): R {
	return {
		...planned,
		status: 'draft',
		createdBy: startedBy,
		startedAt: start.startedAt,
		position: start.position,
		positionNote: start.position ? '' : start.positionNote
	};
}

/** A reason shorter than this says nothing ("x"); the start screen asks for a real one. */
export const UNPLANNED_REASON_MIN_LENGTH = 5;

/** `unplanned_reason_required` when a visit started without a plan gives no usable reason. */
export function unplannedReasonRefusal(reason: string): 'unplanned_reason_required' | null {
	return reason.trim().length < UNPLANNED_REASON_MIN_LENGTH ? 'unplanned_reason_required' : null;
}
