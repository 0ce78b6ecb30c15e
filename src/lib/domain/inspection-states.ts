/**
 * The inspection's life as a state machine. Every change of status is one named transition,
 * allowed for certain roles from certain states; the server applies only what `transition`
 * allows, the UI shows only those buttons.
 *
 *   planned ──start──▶ draft ──submit──▶ submitted ──approve──▶ approved
 *                                          │   ▲
 *                                   return ▼   │ submit (corrected)
 *                                        returned
 */
import type { InspectionStatus } from './inspection';
import type { Principal, Role } from './principal';

export type InspectionTransition = 'start' | 'submit' | 'return' | 'approve';

interface Edge {
	from: readonly InspectionStatus[];
	to: InspectionStatus;
	roles: readonly Role[];
	/** Who, besides the role, must (or must not) be the record's author. */
	author: 'must' | 'must-not' | 'any';
}

export const inspectionEdges: Record<InspectionTransition, Edge> = {
	start: { from: ['planned'], to: 'draft', roles: ['inspector'], author: 'any' },
	// A ward submits its own self-inspection, which stays submitted: nobody reviews it (permissions.ts).
	submit: { from: ['draft', 'returned'], to: 'submitted', roles: ['inspector', 'ward'], author: 'must' },
	return: { from: ['submitted'], to: 'returned', roles: ['supervisor', 'admin'], author: 'must-not' },
	// An inspector never approves their own record (nor does anyone who wrote it).
	approve: { from: ['submitted'], to: 'approved', roles: ['supervisor', 'admin'], author: 'must-not' }
};

/**
 * Why a step is refused, as a code the UI turns into words: the role may never take it, the
 * record is not in a state it starts from, only the author may take it, or the author may not.
 */
export type TransitionRefusal = 'role_not_allowed' | 'wrong_status' | 'author_only' | 'not_own_record';
export type TransitionResult = { ok: true; to: InspectionStatus } | { ok: false; code: TransitionRefusal; reason: string };

export function transition(
	who: Principal,
	record: { status: InspectionStatus; createdBy: string },
	name: InspectionTransition
): TransitionResult {
	const edge = inspectionEdges[name];
	if (!edge.roles.includes(who.role)) return { ok: false, code: 'role_not_allowed', reason: `The ${who.role} role may not ${name}` };
	if (!edge.from.includes(record.status)) return { ok: false, code: 'wrong_status', reason: `Cannot ${name} a ${record.status} record` };
	const isAuthor = record.createdBy === who.userId;
	if (edge.author === 'must' && !isAuthor) return { ok: false, code: 'author_only', reason: `Only the author may ${name}` };
	if (edge.author === 'must-not' && isAuthor)
		return { ok: false, code: 'not_own_record', reason: `The author may not ${name} their own record` };
	return { ok: true, to: edge.to };
}

/** The transitions `who` could take now: what the UI offers. */
export function availableTransitions(who: Principal, record: { status: InspectionStatus; createdBy: string }): InspectionTransition[] {
	return (Object.keys(inspectionEdges) as InspectionTransition[]).filter((t) => transition(who, record, t).ok);
}
