/**
 * Who may see and do what, as data plus pure functions. The UI uses these to hide what a
 * person cannot do; the server uses the same functions to enforce it (the server's answer is
 * the one that counts — the UI only saves people a pointless tap).
 *
 * Tenant boundary: a province. A ward account sees only its own commune, and only records a
 * supervisor has approved — never planned, draft, submitted or returned inspections.
 */
import type { InspectionStatus } from './inspection';
import type { MutationName } from './mutations';

export const roles = ['admin', 'supervisor', 'inspector', 'ward'] as const;
export type Role = (typeof roles)[number];

export interface Principal {
	userId: string;
	role: Role;
	/** The province the account works in; null only for a national admin. */
	provinceCode: number | null;
	/** The commune of a ward account; null for every other role. */
	unitCode: number | null;
}

/** What the rules need to know about an inspection. */
export interface InspectionFacts {
	createdBy: string;
	status: InspectionStatus;
	unitCode: number;
	provinceCode: number;
	/** Inspectors a supervisor assigned to a planned visit. */
	assignedInspectorIds?: readonly string[];
}

export const roleLabels: Record<Role, { vi: string; en: string }> = {
	admin: { vi: 'Quản trị', en: 'Administrator' },
	supervisor: { vi: 'Lãnh đạo, giám sát', en: 'Supervisor' },
	inspector: { vi: 'Cán bộ kiểm tra', en: 'Inspector' },
	ward: { vi: 'UBND xã, phường', en: 'Ward / commune' }
};

const inProvince = (p: Principal, provinceCode: number) => p.provinceCode === null || p.provinceCode === provinceCode;

/** Statuses a ward may ever read: only what approval has published. */
export const wardVisibleStatuses: readonly InspectionStatus[] = ['approved'];

export function canSeeInspection(p: Principal, i: InspectionFacts): boolean {
	switch (p.role) {
		case 'admin':
		case 'supervisor':
			return inProvince(p, i.provinceCode);
		case 'inspector':
			return inProvince(p, i.provinceCode) && (i.createdBy === p.userId || !!i.assignedInspectorIds?.includes(p.userId));
		case 'ward':
			return p.unitCode === i.unitCode && wardVisibleStatuses.includes(i.status);
	}
}

/** The inspector's own record, while it is still theirs to change. */
const ownEditableDraft = (p: Principal, i: InspectionFacts | null) =>
	!!i && i.createdBy === p.userId && (i.status === 'draft' || i.status === 'returned');

type Decision = { ok: true } | { ok: false; code: 'forbidden' | 'not_editable'; reason: string };
const allow: Decision = { ok: true };
const deny = (reason: string): Decision => ({ ok: false, code: 'forbidden', reason });

interface MutationRule {
	roles: readonly Role[];
	/** null: creates the inspection; 'own-draft': changes the inspector's own open record. */
	target: 'create' | 'own-draft';
}

/**
 * One rule per mutation. A mutation without a rule is a type error here, and the table-driven
 * authorization test fails for it too.
 */
export const mutationRules: Record<MutationName, MutationRule> = {
	createInspection: { roles: ['inspector'], target: 'create' },
	updateInspectionHeader: { roles: ['inspector'], target: 'own-draft' },
	addOfficer: { roles: ['inspector'], target: 'own-draft' },
	updateOfficer: { roles: ['inspector'], target: 'own-draft' },
	removeOfficer: { roles: ['inspector'], target: 'own-draft' },
	answerItem: { roles: ['inspector'], target: 'own-draft' },
	attachPhoto: { roles: ['inspector'], target: 'own-draft' },
	removePhoto: { roles: ['inspector'], target: 'own-draft' },
	setFindingDraft: { roles: ['inspector'], target: 'own-draft' },
	signInspection: { roles: ['inspector'], target: 'own-draft' },
	submitInspection: { roles: ['inspector'], target: 'own-draft' }
};

/**
 * May `p` apply mutation `name` to inspection `target` (null when it does not exist yet)?
 * `unit` is the unit a new inspection is for (createInspection only).
 */
export function canApplyMutation(
	p: Principal,
	name: MutationName,
	target: InspectionFacts | null,
	unit?: { provinceCode: number }
): Decision {
	const rule = mutationRules[name];
	if (!rule.roles.includes(p.role)) return deny(`Vai trò ${roleLabels[p.role].vi} không được thực hiện thao tác này`);
	if (rule.target === 'create') {
		if (target) return { ok: false, code: 'not_editable', reason: 'Cuộc kiểm tra này đã tồn tại' };
		if (unit && !inProvince(p, unit.provinceCode)) return deny('Đơn vị này không thuộc tỉnh của tài khoản');
		return allow;
	}
	if (!target) return deny('Không tìm thấy cuộc kiểm tra');
	if (target.createdBy !== p.userId) return deny('Chỉ cán bộ lập biên bản mới được sửa biên bản này');
	if (!ownEditableDraft(p, target))
		return { ok: false, code: 'not_editable', reason: 'Biên bản đã gửi, không sửa được nữa' };
	return allow;
}

/** Pages by area: which roles may open them. The first matching prefix decides. */
export const pageRules: readonly { prefix: string; roles: readonly Role[] }[] = [
	{ prefix: '/admin', roles: ['admin'] },
	{ prefix: '/supervisor', roles: ['admin', 'supervisor'] },
	{ prefix: '/inspections', roles: ['inspector'] },
	{ prefix: '/ward', roles: ['ward'] },
	{ prefix: '/', roles: roles }
];

export function canOpenPage(p: Principal | null, pathname: string): boolean {
	if (!p) return false;
	const rule = pageRules.find((r) => pathname === r.prefix || pathname.startsWith(r.prefix === '/' ? '/' : `${r.prefix}/`));
	return !!rule && rule.roles.includes(p.role);
}
