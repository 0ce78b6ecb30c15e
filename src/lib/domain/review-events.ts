/**
 * The history of review and remediation as the device keeps it: events pulled from the server
 * (`inspectionEvent`, `findingEvent` in the pull feed) or written locally the moment the user
 * acts, with the same id the server gives them (the intent's `eventId`, or its `mutationId` for
 * intents without one), so the pulled copy replaces the local one instead of doubling it.
 *
 * Also the counts that ask each role to act, derived from those rows and today's date — never
 * stored, so they cannot go stale on a device that was offline for a week.
 */
import { isOverdue, type FindingStatus } from './finding-states';
import type { InspectionKind, InspectionStatus } from './inspection';
import type { Principal } from './permissions';
import type { EntityRow } from './protocol/entities';

/** Review history of a record, as pulled (the protocol registry's row). */
export type InspectionEvent = EntityRow<'inspectionEvent'>;

/** Remediation history of a finding, as pulled (the protocol registry's row). */
export type FindingEvent = EntityRow<'findingEvent'>;

/** A finding as the device holds it: findings made on this device have no status until pulled. */
export type TrackedFinding = EntityRow<'finding'>;

export const statusOf = (f: TrackedFinding): FindingStatus => f.status ?? 'open';

/** Newest first: the order every history list shows. */
export const newestFirst = <T extends { at: string; id: string }>(events: readonly T[]): T[] =>
	[...events].sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));

/** The comment of the last return, while the record is back with its inspector. */
export function lastReturnComment(status: InspectionStatus, events: readonly InspectionEvent[]): InspectionEvent | null {
	if (status !== 'returned') return null;
	return newestFirst(events.filter((e) => e.kind === 'returned'))[0] ?? null;
}

export interface ActionCounts {
	/** Supervisor: submitted records waiting for review. */
	toReview: number;
	/** Inspector: own records returned for correction. */
	returned: number;
	/** Supervisor, admin, inspector (not the author): fixes reported and waiting for verification. */
	fixesToVerify: number;
	/** Ward: findings it still has to fix (open or reopened). */
	toFix: number;
	/** Of those to fix, past the deadline. */
	overdue: number;
}

interface CountInput {
	inspections: readonly { id: string; status: InspectionStatus; createdBy: string; kind?: InspectionKind }[];
	findings: readonly TrackedFinding[];
}

/**
 * What each role is asked to do now. Only findings of approved records count for remediation:
 * before approval a finding is not yet the commune's business.
 */
export function actionCounts(p: Principal, { inspections, findings }: CountInput, today: string): ActionCounts {
	const byId = new Map(inspections.map((i) => [i.id, i]));
	const published = findings.filter((f) => byId.get(f.inspectionId)?.status === 'approved');
	const reviewer = p.role === 'supervisor' || p.role === 'admin';
	const toFix = p.role === 'ward' ? published.filter((f) => statusOf(f) === 'open' || statusOf(f) === 'reopened') : [];
	return {
		// A self-inspection is never reviewed (a reviewer's device should not even hold one).
		toReview: reviewer ? inspections.filter((i) => i.status === 'submitted' && i.kind !== 'self').length : 0,
		returned: p.role === 'inspector' ? inspections.filter((i) => i.status === 'returned' && i.createdBy === p.userId).length : 0,
		fixesToVerify:
			p.role === 'ward'
				? 0
				: published.filter((f) => statusOf(f) === 'fixReported' && (reviewer || byId.get(f.inspectionId)?.createdBy !== p.userId)).length,
		toFix: toFix.length,
		overdue: toFix.filter((f) => isOverdue({ status: statusOf(f), deadline: f.deadline }, today)).length
	};
}
