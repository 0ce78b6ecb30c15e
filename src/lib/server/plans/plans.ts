/**
 * Planned inspections as a query namespace: `plans.create(db, actor, input)`,
 * `plans.list(db, actor)`.
 *
 * A plan is an inspection row with status 'planned', owned by the supervisor who made it, with
 * its date window and its assigned inspectors (table `inspection_assignments`). It is written
 * through the sync write transaction, so it enters the change log like any record: pull sends it
 * to the assigned inspectors and the province's supervisors and admins, never to a ward.
 *
 * An assigned inspector starts the visit with the `startPlannedInspection` intent, which makes it
 * their draft (domain/planned-visits.ts). Not yet: re-assigning, cancelling.
 * Re-assigning will have to re-emit the record (a fresh change row) so a newly assigned
 * inspector whose cursor has passed the plan's rows still receives it.
 */
import type { Kysely } from 'kysely';
import type { Inspection, InspectionType } from '$lib/domain/inspection';
import { canSeeInspection, type ApiRoute, type InspectionFacts } from '$lib/domain/permissions';
import {
	orderedTeam,
	type PlannedInspection,
	type PlannedTeamMember,
	type ParsedPlanRequest,
	type PlanRequest,
	withTeam
} from '$lib/domain/plans';
import { vietnamDate } from '$lib/domain/dates';
import { findUnit } from '../units/unit-directory';
import { appendAudit } from '../auth/audit';
import { authorizeProvince } from '../authorize';
import type { Database, InspectionRow } from '../db/schema';
import { Refusal } from '../http';
import { effectiveTemplateFor } from '../templates';
import type { Actor } from '../sync/actor';
import { writeTransaction, type WriteScope } from '../sync/write-transaction';

const ROUTE: ApiRoute = 'POST /api/plans/inspections';

/** The stored document: an Inspection (so devices can list it) plus the plan's own facts. */
type PlanDocument = Inspection & {
	plan: { windowStart: string; windowEnd: string; assignedInspectorIds: string[]; planId?: string; drawId?: string };
};

/** Most plans one list answers; a province plans far fewer open visits than this. */
const LIST_LIMIT = 1000;

/**
 * The unit from the official 2025 list, or a centre or open branch of the province (docs/units.md):
 * 400 `unit_not_found` when unknown or closed, `commune_not_in_province` when misplaced.
 */
async function officialUnit(db: Kysely<Database>, unit: PlanRequest['unit']) {
	const known = await findUnit(db, unit.code);
	if (!known?.active) throw new Refusal(400, 'unit_not_found', `No open unit with code ${unit.code}`, 'unit.code');
	if (known.provinceCode !== unit.provinceCode) {
		const message = `${known.name} is in ${known.provinceName} (${known.provinceCode}), not in province ${unit.provinceCode}`;
		throw new Refusal(400, 'commune_not_in_province', message, 'unit.provinceCode');
	}
	// Names from the official list (or the directory), whatever spelling the client sent.
	return { code: known.code, name: known.name, provinceCode: known.provinceCode, provinceName: known.provinceName };
}

/** Account roles that can be on a visit's team: the province's inspectors and supervisors. */
export const TEAM_ACCOUNT_ROLES = ['inspector', 'supervisor'] as const;

/**
 * Each member must be an active inspector or supervisor account of the plan's province; refused
 * (400) otherwise: `user_not_found`, `not_an_inspector`, `inspector_disabled`,
 * `inspector_not_in_province`. The field named is the one the caller sent (`team.<n>.userId`, or
 * `assignedInspectorIds.<n>` in the older form). Names come from the accounts.
 */
async function teamAccounts(db: Kysely<Database>, input: Pick<ParsedPlanRequest, 'team' | 'assignedInspectorIds'>, provinceCode: number) {
	const ids = input.team.map((m) => m.userId);
	const rows = await db
		.selectFrom('users')
		.select(['id', 'display_name', 'role', 'province_code', 'disabled'])
		.where('id', 'in', ids)
		.execute();
	const team = input.team.map((member, i): PlannedTeamMember => {
		const row = rows.find((r) => r.id === member.userId);
		const field = input.assignedInspectorIds ? `assignedInspectorIds.${i}` : `team.${i}.userId`;
		if (!row) throw new Refusal(400, 'user_not_found', `No account with id ${member.userId}`, field);
		if (!(TEAM_ACCOUNT_ROLES as readonly string[]).includes(row.role)) {
			throw new Refusal(400, 'not_an_inspector', `${row.display_name} is neither an inspector nor a supervisor`, field);
		}
		if (row.disabled) throw new Refusal(400, 'inspector_disabled', `The account of ${row.display_name} is disabled`, field);
		if (row.province_code !== provinceCode) {
			const message = `${row.display_name} is not in the province of the inspected commune`;
			throw new Refusal(400, 'inspector_not_in_province', message, field);
		}
		return { userId: row.id, name: row.display_name, role: member.role };
	});
	return orderedTeam(team);
}

function toPlan(row: InspectionRow, assignedInspectorIds: string[]): PlannedInspection {
	const doc = JSON.parse(row.data) as PlanDocument;
	// Plans made before teams had accounts carry names only: their members are matched by order.
	const team = doc.team.map((m, i) => ({ userId: m.userId ?? doc.plan.assignedInspectorIds[i] ?? '', name: m.name, role: m.role }));
	return {
		id: row.id,
		unit: doc.unit,
		windowStart: row.window_start ?? doc.plan.windowStart,
		windowEnd: row.window_end ?? doc.plan.windowEnd,
		assignedInspectorIds,
		team,
		basis: doc.basis,
		status: row.status as PlannedInspection['status'],
		createdBy: row.owner_user_id,
		createdAt: doc.createdAt
	};
}

/** What a planned inspection needs read before its write: the official unit, the team, the template. */
export interface PreparedPlan {
	input: ParsedPlanRequest;
	unit: Awaited<ReturnType<typeof officialUnit>>;
	/** The team with its accounts' names, leader first. */
	team: PlannedTeamMember[];
	template: NonNullable<Awaited<ReturnType<typeof effectiveTemplateFor>>>['template'];
	/** Set when a plan's draw made the visit (docs/draw.md): its type and where it came from. */
	origin?: { inspectionType: InspectionType; planId: string; drawId: string };
}

/**
 * Checks a planned inspection against the unit list, the accounts and the templates. Refusals:
 * 400 (unknown commune, unsuitable inspector), 403 (commune outside the actor's province), 409
 * (no template in effect).
 */
export async function prepare(db: Kysely<Database>, actor: Actor, given: PlanRequest, route: ApiRoute = ROUTE): Promise<PreparedPlan> {
	const input = withTeam(given);
	const unit = await officialUnit(db, input.unit);
	authorizeProvince(actor, route, unit.provinceCode);
	const team = await teamAccounts(db, input, unit.provinceCode);
	// The version in effect when the window opens (or today's, for a window before any version).
	const effective =
		(await effectiveTemplateFor(db, unit.provinceCode, input.windowStart)) ??
		(await effectiveTemplateFor(db, unit.provinceCode, vietnamDate()));
	if (!effective) throw new Refusal(409, 'template_not_found', 'No checklist template is in effect for this province');
	return { input, unit, team, template: effective.template };
}

/**
 * Writes a prepared planned inspection inside the caller's write transaction (so a draw stores
 * all its visits, or none), with its change-log row and its audit entry. 409 when the id exists.
 */
export async function insert({ trx, log, now }: WriteScope, actor: Actor, prepared: PreparedPlan): Promise<PlannedInspection> {
	const { input, unit, team, template, origin } = prepared;
	const existing = await trx.selectFrom('inspections').select('id').where('id', '=', input.id).executeTakeFirst();
	if (existing) throw new Refusal(409, 'already_exists', 'This plan is already on the server', 'id');

	// The visit's assigned inspectors are its team's accounts (each an inspector or a supervisor).
	const assignedInspectorIds = team.map((m) => m.userId);
	const doc: PlanDocument = {
		id: input.id,
		...(origin && { inspectionType: origin.inspectionType }),
		unit,
		// A planned record has not started: the window's first day stands in until the visit.
		startedAt: `${input.windowStart}T00:00:00+07:00`,
		position: null,
		positionNote: '',
		team: team.map((m) => ({ userId: m.userId, name: m.name, role: m.role, position: '', organisation: '' })),
		unitReps: [],
		basis: input.basis,
		address: '',
		templateId: template.id,
		templateVersion: template.version,
		sectionIds: template.sections.filter((s) => s.enabledByDefault).map((s) => s.id),
		status: 'planned',
		createdBy: actor.userId,
		createdAt: now,
		endedAt: null,
		recommendations: '',
		unitOpinion: '',
		plan: {
			windowStart: input.windowStart,
			windowEnd: input.windowEnd,
			assignedInspectorIds,
			...(origin && { planId: origin.planId, drawId: origin.drawId })
		}
	};
	const scope = { inspectionId: doc.id, unitCode: unit.code, provinceCode: unit.provinceCode, ownerUserId: actor.userId };
	const version = log.upsert(scope, 'inspection', doc);
	const row: InspectionRow = {
		id: doc.id,
		kind: 'official',
		plan_id: origin?.planId ?? null,
		status: 'planned',
		owner_user_id: actor.userId,
		unit_code: unit.code,
		province_code: unit.provinceCode,
		template_id: doc.templateId,
		template_version: doc.templateVersion,
		created_at: now,
		started_at: doc.startedAt,
		ended_at: null,
		submitted_at: null,
		window_start: input.windowStart,
		window_end: input.windowEnd,
		published_version: null,
		record_number: null,
		record_year: null,
		data: JSON.stringify(doc),
		version,
		updated_at: now
	};
	await trx.insertInto('inspections').values(row).execute();
	await trx
		.insertInto('inspection_assignments')
		.values(
			assignedInspectorIds.map((userId) => ({
				inspection_id: doc.id,
				user_id: userId,
				assigned_by: actor.userId,
				assigned_at: now
			}))
		)
		.execute();
	await appendAudit(trx, {
		action: 'plan_created',
		actorUserId: actor.userId,
		detail: {
			inspectionId: doc.id,
			unitCode: unit.code,
			windowStart: input.windowStart,
			windowEnd: input.windowEnd,
			assignedInspectorIds,
			team: team.map((m) => ({ userId: m.userId, role: m.role })),
			...(origin && { planId: origin.planId, drawId: origin.drawId })
		}
	});
	return toPlan(row, assignedInspectorIds);
}

/**
 * Stores a new planned inspection. Refusals: those of `prepare`, and 409 when the id exists (a
 * retried request after a lost answer; GET the list to see it).
 */
export async function create(db: Kysely<Database>, actor: Actor, input: PlanRequest): Promise<PlannedInspection> {
	const prepared = await prepare(db, actor, input);
	return writeTransaction(db, (scope) => insert(scope, actor, prepared));
}

/**
 * The planned inspections `actor` may see, by window: a province's plans for its supervisors and
 * admins, their own assignments for inspectors, nothing for wards (the route refuses them first).
 */
export async function list(db: Kysely<Database>, actor: Actor): Promise<PlannedInspection[]> {
	let query = db.selectFrom('inspections').selectAll().where('status', '=', 'planned');
	if (actor.role === 'inspector') {
		query = query.where('id', 'in', db.selectFrom('inspection_assignments').select('inspection_id').where('user_id', '=', actor.userId));
	} else if (actor.provinceCode !== null) {
		query = query.where('province_code', '=', actor.provinceCode);
	}
	const rows = await query.orderBy('window_start').orderBy('id').limit(LIST_LIMIT).execute();
	if (rows.length === 0) return [];

	const planned = rows.map((r) => r.id);
	const assignments = await db
		.selectFrom('inspection_assignments')
		.select(['inspection_id', 'user_id'])
		.where('inspection_id', 'in', planned)
		.orderBy('assigned_at')
		.execute();
	const byInspection = new Map<string, string[]>();
	for (const a of assignments) byInspection.set(a.inspection_id, [...(byInspection.get(a.inspection_id) ?? []), a.user_id]);

	// The shared rule has the last word, as on pull.
	return rows
		.map((row) => ({ row, assigned: byInspection.get(row.id) ?? [] }))
		.filter(({ row, assigned }) => {
			const facts: InspectionFacts = {
				createdBy: row.owner_user_id,
				status: 'planned',
				unitCode: row.unit_code,
				provinceCode: row.province_code,
				assignedInspectorIds: assigned
			};
			return canSeeInspection(actor, facts);
		})
		.map(({ row, assigned }) => toPlan(row, assigned));
}
