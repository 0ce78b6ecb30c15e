/**
 * Words for the codes the domain speaks in: statuses, roles and deadlines are defined here once,
 * so every screen names them the same way in both languages.
 */
import { deadlineStanding } from '$lib/domain/dates';
import type { FindingStatus } from '$lib/domain/finding-states';
import type { InspectionStatus, InspectionType } from '$lib/domain/inspection';
import type { Role } from '$lib/domain/permissions';
import { m } from './i18n.svelte';

const inspectionStatus: Record<InspectionStatus, () => string> = {
	planned: m.status_inspection_planned,
	draft: m.status_inspection_draft,
	submitted: m.status_inspection_submitted,
	returned: m.status_inspection_returned,
	approved: m.status_inspection_approved
};

const findingStatus: Record<FindingStatus, () => string> = {
	open: m.status_finding_open,
	fixReported: m.status_finding_fix_reported,
	verified: m.status_finding_verified,
	reopened: m.status_finding_reopened
};

const role: Record<Role, () => string> = {
	admin: m.role_admin,
	supervisor: m.role_supervisor,
	inspector: m.role_inspector,
	ward: m.role_ward
};

const inspectionType: Record<InspectionType, () => string> = {
	dot_xuat: m.inspections_type_dot_xuat,
	dinh_ky: m.inspections_type_dinh_ky,
	chuyen_de: m.inspections_type_chuyen_de
};

/** A record that states no type is đột xuất (inspection.ts). */
export const inspectionTypeLabel = (t: InspectionType | undefined): string => inspectionType[t ?? 'dot_xuat']();
export const inspectionStatusLabel = (s: InspectionStatus): string => inspectionStatus[s]();
export const findingStatusLabel = (s: FindingStatus): string => findingStatus[s]();
export const roleLabel = (r: Role): string => role[r]();

/** "còn 5 ngày", "hết hạn hôm nay", "quá hạn 3 ngày": how the deadline reads today. */
export function deadlineText(deadline: string, today: string): string {
	const s = deadlineStanding(deadline, today);
	return s.kind === 'left'
		? m.deadline_days_left({ days: s.days })
		: s.kind === 'today'
			? m.deadline_due_today()
			: m.deadline_days_overdue({ days: s.days });
}
