/**
 * A finding's life: the commune reports a fix, a supervisor or inspector verifies it (closed)
 * or reopens it with a reason, and the commune reports again. "Overdue" is not a state: it is
 * derived from the deadline and today's date, so it can never be stale on a device that was
 * offline for a week.
 *
 *   open ──reportFix──▶ fixReported ──verify──▶ verified
 *    ▲                      │
 *    └──────reopen──────────┘   (reopened findings behave as open)
 */
import { isPastDeadline } from './dates';
import type { Principal, Role } from './principal';

export type FindingStatus = 'open' | 'fixReported' | 'verified' | 'reopened';
export type FindingTransition = 'reportFix' | 'verify' | 'reopen';

interface Edge {
	from: readonly FindingStatus[];
	to: FindingStatus;
	roles: readonly Role[];
}

export const findingEdges: Record<FindingTransition, Edge> = {
	reportFix: { from: ['open', 'reopened'], to: 'fixReported', roles: ['ward'] },
	verify: { from: ['fixReported'], to: 'verified', roles: ['supervisor', 'inspector', 'admin'] },
	reopen: { from: ['fixReported', 'verified'], to: 'reopened', roles: ['supervisor', 'inspector', 'admin'] }
};

/** Why a finding step is refused, as a code the UI turns into words. */
export type FindingRefusal = 'role_not_allowed' | 'other_unit' | 'other_province' | 'not_own_record' | 'wrong_status';
export type FindingTransitionResult = { ok: true; to: FindingStatus } | { ok: false; code: FindingRefusal; reason: string };

export interface FindingFacts {
	status: FindingStatus;
	/** The commune the finding is about. */
	unitCode: number;
	provinceCode: number;
	/** Author of the inspection the finding belongs to. */
	inspectionAuthor: string;
}

/**
 * May `who` take `name` on this finding? A ward acts only on its own commune's findings;
 * supervisors within their province; an inspector verifies only findings of records they did
 * not write themselves (nobody checks their own work).
 */
export function findingTransition(who: Principal, f: FindingFacts, name: FindingTransition): FindingTransitionResult {
	const edge = findingEdges[name];
	if (!edge.roles.includes(who.role)) return { ok: false, code: 'role_not_allowed', reason: `The ${who.role} role may not ${name}` };
	if (who.role === 'ward' && who.unitCode !== f.unitCode)
		return { ok: false, code: 'other_unit', reason: "The finding is outside the account's unit" };
	if (who.role !== 'ward' && who.provinceCode !== null && who.provinceCode !== f.provinceCode)
		return { ok: false, code: 'other_province', reason: "The finding is outside the account's province" };
	if (who.role === 'inspector' && f.inspectionAuthor === who.userId)
		return { ok: false, code: 'not_own_record', reason: `The author of the record may not ${name} its findings` };
	if (!edge.from.includes(f.status)) return { ok: false, code: 'wrong_status', reason: `Cannot ${name} a finding that is ${f.status}` };
	return { ok: true, to: edge.to };
}

/** Overdue: past the deadline and not yet fixed (a reported fix awaiting verification is not overdue). */
export function isOverdue(f: { status: FindingStatus; deadline: string }, today: string): boolean {
	return (f.status === 'open' || f.status === 'reopened') && isPastDeadline(f.deadline, today);
}
