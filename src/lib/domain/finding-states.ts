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

const statusLabels: Record<FindingStatus, string> = {
	open: 'chưa khắc phục',
	fixReported: 'đã báo cáo khắc phục, chờ xác nhận',
	verified: 'đã khắc phục (đã xác nhận)',
	reopened: 'mở lại, cần khắc phục tiếp'
};

export function findingStatusLabel(s: FindingStatus): string {
	return statusLabels[s];
}

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
export function findingTransition(
	who: Principal,
	f: FindingFacts,
	name: FindingTransition
): { ok: true; to: FindingStatus } | { ok: false; reason: string } {
	const edge = findingEdges[name];
	if (!edge.roles.includes(who.role)) return { ok: false, reason: 'Vai trò của bạn không được thực hiện bước này' };
	if (who.role === 'ward' && who.unitCode !== f.unitCode) return { ok: false, reason: 'Tồn tại này không thuộc đơn vị của bạn' };
	if (who.role !== 'ward' && who.provinceCode !== null && who.provinceCode !== f.provinceCode)
		return { ok: false, reason: 'Tồn tại này không thuộc tỉnh của bạn' };
	if (who.role === 'inspector' && f.inspectionAuthor === who.userId)
		return { ok: false, reason: 'Không tự xác nhận khắc phục cho biên bản do mình lập' };
	if (!edge.from.includes(f.status)) return { ok: false, reason: `Không thể thực hiện khi tồn tại ${statusLabels[f.status]}` };
	return { ok: true, to: edge.to };
}

/** Whole days from `today` to the deadline (negative when overdue); both YYYY-MM-DD. */
export function daysLeft(deadline: string, today: string): number {
	return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** Overdue: past the deadline and not yet fixed (a reported fix awaiting verification is not overdue). */
export function isOverdue(f: { status: FindingStatus; deadline: string }, today: string): boolean {
	return (f.status === 'open' || f.status === 'reopened') && daysLeft(f.deadline, today) < 0;
}
