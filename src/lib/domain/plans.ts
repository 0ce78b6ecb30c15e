/**
 * Planned inspections: a supervisor picks a commune, a date window and the inspectors who go.
 * The plan is secret from the unit (see permissions.ts). Shared by the planning API now and the
 * planning screens later, so both check a plan the same way.
 */
import { z } from 'zod';
import { idSchema } from './ids';
import { teamRoleSchema, unitRefSchema, type InspectionStatus, type TeamRole, type UnitRef } from './inspection';

const isoDate = z.iso.date({ message: 'invalid_date' });

/** At most this many inspectors on one visit: a team, not a department. */
export const MAX_ASSIGNED_INSPECTORS = 20;

/**
 * A planned visit's team (issue 16): accounts of the province (inspectors or supervisors) with
 * their role. Names and positions are the server's, read from the accounts, never the device's.
 * Exactly one trưởng đoàn (who signs as the record's 'inspector'), at most one thư ký.
 */
export const planTeamMemberSchema = z.object({ userId: idSchema, role: teamRoleSchema });
export type PlanTeamMember = z.infer<typeof planTeamMemberSchema>;

export const planTeamSchema = z
	.array(planTeamMemberSchema)
	.min(1, 'team_required')
	.max(MAX_ASSIGNED_INSPECTORS, 'too_many_inspectors')
	.refine((team) => new Set(team.map((m) => m.userId)).size === team.length, 'inspector_assigned_twice')
	.refine((team) => team.filter((m) => m.role === 'truong_doan').length === 1, 'one_team_leader_required')
	.refine((team) => team.filter((m) => m.role === 'thu_ky').length <= 1, 'one_secretary_at_most');

/** Why a team cannot go, as a validation code (one_team_leader_required…); null when it can. */
export function teamProblem(team: readonly PlanTeamMember[]): string | null {
	const parsed = planTeamSchema.safeParse(team);
	return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'team_required');
}

/** The older form, a list of inspector ids: the first leads the team, the others are members. */
const assignedInspectorIdsSchema = z
	.array(idSchema)
	.min(1, 'inspectors_required')
	.max(MAX_ASSIGNED_INSPECTORS, 'too_many_inspectors')
	.refine((ids) => new Set(ids).size === ids.length, 'inspector_assigned_twice');

export const teamOfInspectorIds = (ids: readonly string[]): PlanTeamMember[] =>
	ids.map((userId, i) => ({ userId, role: (i === 0 ? 'truong_doan' : 'thanh_vien') satisfies TeamRole }));

/** Leader first, then members, then the secretary, each group in the order given: the record's order. */
export function orderedTeam<T extends { role: TeamRole }>(team: readonly T[]): T[] {
	const rank: Record<TeamRole, number> = { truong_doan: 0, thanh_vien: 1, thu_ky: 2 };
	return [...team].sort((a, b) => rank[a.role] - rank[b.role]);
}

/**
 * Who goes, as a plan request or a draw execution sends it: `team` (ids and roles), or the older
 * `assignedInspectorIds` (still accepted). Either one, never both; the parsed value always has
 * `team`, and keeps `assignedInspectorIds` only when the caller used it (so a refusal names the
 * field the caller sent).
 */
export const teamChoiceFields = { team: planTeamSchema.optional(), assignedInspectorIds: assignedInspectorIdsSchema.optional() };
export const exactlyOneTeamChoice = (p: { team?: unknown; assignedInspectorIds?: unknown }) =>
	(p.team === undefined) !== (p.assignedInspectorIds === undefined);
export const withTeam = <T extends { team?: PlanTeamMember[]; assignedInspectorIds?: string[] }>(p: T) => ({
	...p,
	team: p.team ?? teamOfInspectorIds(p.assignedInspectorIds ?? [])
});

export const planRequestSchema = z
	.object({
		id: idSchema,
		// Names are bounded here (the shared unit schema is not): the server keeps the official
		// names anyway, and an unbounded one is only a way to fill logs and memory.
		unit: unitRefSchema.extend({
			name: z.string().min(1).max(200, 'too_long'),
			provinceName: z.string().min(1).max(200, 'too_long')
		}),
		windowStart: isoDate,
		windowEnd: isoDate,
		...teamChoiceFields,
		/** Căn cứ: the plan or decision ordering the visit. */
		basis: z.string().trim().max(200, 'too_long').default('')
	})
	// ISO dates compare correctly as strings.
	.refine((p) => p.windowStart <= p.windowEnd, { path: ['windowEnd'], message: 'window_end_before_start' })
	.refine(exactlyOneTeamChoice, { path: ['team'], message: 'team_required' })
	.transform(withTeam);
/** A parsed request: `team` always set. */
export type ParsedPlanRequest = z.infer<typeof planRequestSchema>;
/** A parsed request, or one built on the server (a draw's visits, tests) that may still use the older form. */
export type PlanRequest = Omit<ParsedPlanRequest, 'team'> & Partial<Pick<ParsedPlanRequest, 'team'>>;

/** A planned inspection as the planning API answers it. */
export interface PlannedInspection {
	id: string;
	unit: UnitRef;
	windowStart: string;
	windowEnd: string;
	/** The team's accounts (every one an inspector or a supervisor of the province). */
	assignedInspectorIds: string[];
	/** The team as stored on the planned record: account, name and role, leader first. */
	team: PlannedTeamMember[];
	basis: string;
	/** 'planned' until an assigned inspector starts the visit (a later intent). */
	status: InspectionStatus;
	createdBy: string;
	createdAt: string;
}

/** A team member as a planned visit stores it: the account, its name when planned, the role. */
export interface PlannedTeamMember {
	userId: string;
	name: string;
	role: TeamRole;
}
