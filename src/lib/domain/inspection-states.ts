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
	submit: { from: ['draft', 'returned'], to: 'submitted', roles: ['inspector'], author: 'must' },
	return: { from: ['submitted'], to: 'returned', roles: ['supervisor', 'admin'], author: 'must-not' },
	// An inspector never approves their own record (nor does anyone who wrote it).
	approve: { from: ['submitted'], to: 'approved', roles: ['supervisor', 'admin'], author: 'must-not' }
};

export type TransitionResult = { ok: true; to: InspectionStatus } | { ok: false; reason: string };

const statusLabels: Record<InspectionStatus, string> = {
	planned: 'đã lên kế hoạch',
	draft: 'đang lập',
	submitted: 'đã gửi, chờ duyệt',
	returned: 'bị trả lại',
	approved: 'đã duyệt'
};

export function inspectionStatusLabel(s: InspectionStatus): string {
	return statusLabels[s];
}

export function transition(
	who: Principal,
	record: { status: InspectionStatus; createdBy: string },
	name: InspectionTransition
): TransitionResult {
	const edge = inspectionEdges[name];
	if (!edge.roles.includes(who.role)) return { ok: false, reason: 'Vai trò của bạn không được thực hiện bước này' };
	if (!edge.from.includes(record.status)) return { ok: false, reason: `Không thể thực hiện khi biên bản ${statusLabels[record.status]}` };
	const isAuthor = record.createdBy === who.userId;
	if (edge.author === 'must' && !isAuthor) return { ok: false, reason: 'Chỉ người lập biên bản mới được thực hiện' };
	if (edge.author === 'must-not' && isAuthor) return { ok: false, reason: 'Không được tự duyệt hoặc trả lại biên bản do mình lập' };
	return { ok: true, to: edge.to };
}

/** The transitions `who` could take now: what the UI offers. */
export function availableTransitions(who: Principal, record: { status: InspectionStatus; createdBy: string }): InspectionTransition[] {
	return (Object.keys(inspectionEdges) as InspectionTransition[]).filter((t) => transition(who, record, t).ok);
}
