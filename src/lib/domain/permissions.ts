/**
 * Who may see and do what, as data plus pure functions. The UI uses these to hide what a
 * person cannot do; the server uses the same functions to enforce it (the server's answer is
 * the one that counts — the UI only saves people a pointless tap).
 *
 * Tenant boundary: a province. A ward account sees only its own commune, and only records a
 * supervisor has approved — never planned, draft, submitted or returned inspections.
 */
import { findingEdges, findingTransition, type FindingFacts, type FindingTransition } from './finding-states';
import type { InspectionKind, InspectionStatus } from './inspection';
import { inspectionEdges, transition, type InspectionTransition } from './inspection-states';
import type { MutationName } from './protocol/intents';
import { roles, type Principal, type Role } from './principal';
import { mayWriteSection, type SectionHolding } from './team-holdings';

export { roles, type Principal, type Role };

/** What the rules need to know about an inspection. */
export interface InspectionFacts {
	createdBy: string;
	status: InspectionStatus;
	unitCode: number;
	provinceCode: number;
	/** Inspectors a supervisor assigned to a planned visit. */
	assignedInspectorIds?: readonly string[];
	/** Absent: official. 'self': a ward's self-inspection (docs/self-inspection.md). */
	kind?: InspectionKind;
	/**
	 * The accounts on the record's team (team members' `userId`). A supervisor on a visit's team
	 * never reviews that visit's record: nobody approves their own work. Absent: not known here.
	 */
	teamUserIds?: readonly string[];
	/** Who holds which section (issue 17): a team member writes only there. Absent: nobody. */
	holdings?: readonly Pick<SectionHolding, 'sectionId' | 'userId'>[];
}

const isSelf = (i: { kind?: InspectionKind }) => i.kind === 'self';

export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);

const inProvince = (p: Principal, provinceCode: number) => p.provinceCode === null || p.provinceCode === provinceCode;

/** Statuses a ward may ever read: only what approval has published. */
export const wardVisibleStatuses: readonly InspectionStatus[] = ['approved'];

/**
 * May `p` read this inspection (pull, lists, reports)? Supervisors and admins oversee their
 * province; an inspector sees the records they wrote and the visits they are assigned to, not
 * colleagues' drafts; a ward sees its own commune's results only once approved, because a plan
 * is an unannounced visit and an unreviewed record is not yet a finding against the unit.
 */
export function canSeeInspection(p: Principal, i: InspectionFacts): boolean {
	// A self-inspection is the ward's own working paper: its author reads it, nobody reviews it,
	// and nothing official (review queues, reports on a supervisor's device) ever holds it.
	if (isSelf(i)) return p.role === 'ward' && p.unitCode === i.unitCode && i.createdBy === p.userId;
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

/** The author's own record, while it is still theirs to change. */
const ownEditableDraft = (p: Principal, i: InspectionFacts) =>
	i.createdBy === p.userId && (i.status === 'draft' || i.status === 'returned');

/**
 * A rule's verdict. `not_found` and `not_editable` are kept apart from `forbidden` because the
 * device treats them differently: a record that is gone or already submitted is a conflict the
 * next pull explains, while `forbidden` will never succeed for this person.
 */
export type Decision = { ok: true } | { ok: false; code: 'forbidden' | 'not_editable' | 'not_found'; reason: string };
const allow: Decision = { ok: true };
const deny = (reason: string): Decision => ({ ok: false, code: 'forbidden', reason });

/**
 * What a mutation acts on:
 * - 'create': makes a new inspection;
 * - 'start': starts a planned visit the inspector is assigned to (`start` in inspection-states.ts);
 * - 'own-draft': changes the inspector's own open record (as the trưởng đoàn: the writer);
 * - 'team-draft': writes in an open record as its writer or as a member of its team, who writes
 *   only in the sections they hold (`canWriteSection`, checked where the item's section is known);
 * - 'member-part': a team member's own part (hand-in), never the writer's;
 * - 'review': moves a record along `transition` (inspection-states.ts);
 * - 'finding-review': changes a finding while its record awaits review (submitted);
 * - 'finding': moves a finding of an approved record along `findingTransition` (finding-states.ts).
 */
type MutationRule =
	| { roles: readonly Role[]; target: 'create' | 'start' | 'own-draft' | 'finding-review' | 'team-draft' | 'member-part' }
	| { roles: readonly Role[]; target: 'review'; transition: InspectionTransition }
	| { roles: readonly Role[]; target: 'finding'; transition: FindingTransition }
	| { roles: readonly Role[]; target: 'extension' };

/**
 * Who writes records: an inspector its official ones, a ward its self-inspections (tự kiểm tra)
 * of its own unit. The kind of record each role writes is fixed (`kindRefusal`).
 */
export const recordAuthors: readonly Role[] = ['inspector', 'ward'];

/**
 * Who may be on a record's team besides its writer: the plans' team accounts (inspectors and
 * supervisors, plans.ts `TEAM_ACCOUNT_ROLES`). With the record authors, the roles of team writes.
 */
export const teamWriters: readonly Role[] = ['inspector', 'ward', 'supervisor'];

/** Who takes exit interviews (issue 19): the accounts of an official visit's team, never a ward. */
export const interviewers: readonly Role[] = ['inspector', 'supervisor'];

/** The kind of record each author role writes; no role chooses. */
export const kindWrittenBy = (role: Role): InspectionKind => (role === 'ward' ? 'self' : 'official');

/**
 * Why `p` may not put a record of `kind` into `unit` (null when they may): a ward writes only
 * self-inspections and only of its own unit, an inspector only official records.
 */
export function kindRefusal(p: Principal, kind: InspectionKind, unit?: { code?: number }): string | null {
	if (kind !== kindWrittenBy(p.role))
		return p.role === 'ward' ? 'A ward may only make a self-inspection' : 'Only a ward makes a self-inspection';
	if (p.role === 'ward' && unit?.code !== undefined && unit.code !== p.unitCode) return 'A ward inspects only its own unit';
	return null;
}

/**
 * One rule per mutation. A mutation without a rule is a type error here, and the table-driven
 * authorization test (tests/integration/authorization.test.ts) fails for it too.
 *
 * Writing a record on site is its author's: the record has one writer (its inspector — the
 * trưởng đoàn — or for a self-inspection the ward account that made it) until it is submitted.
 * The accounts of its team (issue 17, team-record.ts) answer, photograph and note findings in the
 * sections they hold, take and free sections, and hand in their part; the header, removing an
 * officer, signatures, submission, choosing between conflicting answers and releasing a member
 * stay the writer's. Review intents (supervisor, admin) and remediation intents (ward, then
 * a verifier) take their roles from the state machines' edges. A planned inspection
 * belongs to the supervisor who planned it, so `own-draft` keeps its assigned inspectors from
 * editing it until one of them starts it (`startPlannedInspection`), which makes it that
 * inspector's draft (planned-visits.ts).
 */
export const mutationRules: Record<MutationName, MutationRule> = {
	// A ward writes too, but only its self-inspections (`recordAuthors`, `kindRefusal`).
	createInspection: { roles: recordAuthors, target: 'create' },
	startPlannedInspection: { roles: inspectionEdges.start.roles, target: 'start' },
	updateInspectionHeader: { roles: recordAuthors, target: 'own-draft' },
	addOfficer: { roles: teamWriters, target: 'team-draft' },
	updateOfficer: { roles: teamWriters, target: 'team-draft' },
	removeOfficer: { roles: recordAuthors, target: 'own-draft' },
	answerItem: { roles: teamWriters, target: 'team-draft' },
	attachPhoto: { roles: teamWriters, target: 'team-draft' },
	removePhoto: { roles: teamWriters, target: 'team-draft' },
	setFindingDraft: { roles: teamWriters, target: 'team-draft' },
	signInspection: { roles: recordAuthors, target: 'own-draft' },
	submitInspection: { roles: recordAuthors, target: 'own-draft' },
	// Review and remediation: the roles are the state machines' own, so the two cannot disagree.
	returnInspection: { roles: inspectionEdges.return.roles, target: 'review', transition: 'return' },
	approveInspection: { roles: inspectionEdges.approve.roles, target: 'review', transition: 'approve' },
	adjustFinding: { roles: ['supervisor', 'admin'], target: 'finding-review' },
	reportFix: { roles: findingEdges.reportFix.roles, target: 'finding', transition: 'reportFix' },
	verifyFix: { roles: findingEdges.verify.roles, target: 'finding', transition: 'verify' },
	reopenFinding: { roles: findingEdges.reopen.roles, target: 'finding', transition: 'reopen' },
	// Deadline extensions (extensions.ts): the commune asks, a reviewer of the province decides.
	requestExtension: { roles: ['ward'], target: 'extension' },
	grantExtension: { roles: ['supervisor', 'admin'], target: 'extension' },
	refuseExtension: { roles: ['supervisor', 'admin'], target: 'extension' },
	// One record, several phones (team-record.ts).
	holdSections: { roles: teamWriters, target: 'team-draft' },
	resolveAnswerConflict: { roles: recordAuthors, target: 'own-draft' },
	handInPart: { roles: ['inspector', 'supervisor'], target: 'member-part' },
	releaseMember: { roles: recordAuthors, target: 'own-draft' },
	// A member's part read by QR code: relayed by the record's writer (the trưởng đoàn) alone.
	relayPart: { roles: ['inspector'], target: 'own-draft' },
	// Exit interviews (issue 19): the visit's writer and team hear citizens, in no section. Never a
	// ward, not even on its self-inspection: a citizen's words about a counter never reach it.
	recordInterview: { roles: interviewers, target: 'team-draft' },
	removeInterview: { roles: interviewers, target: 'team-draft' }
};

/** Targets that write the record itself rather than review, start or remediate it. */
const recordWrites: readonly MutationRule['target'][] = ['create', 'own-draft', 'team-draft', 'member-part'];

/**
 * Where (and, for a new record, of what kind) a mutation puts the record: its unit's province,
 * and the unit's code and the kind where the rule needs them (a ward's self-inspection).
 */
export interface Placement {
	provinceCode: number;
	code?: number;
	kind?: InspectionKind;
}

/**
 * May `p` apply mutation `name` to inspection `target` (null when it does not exist yet, or is
 * not on the server)? `unit` is the unit the mutation puts the record in — the new inspection's
 * unit, or a header patch that changes it — which must lie in the account's province, so no
 * one can move a record out of their tenant. For mutations on a finding, `target` is the
 * finding's inspection and `finding` the finding (both null/absent when it is not on the server).
 *
 * Checked in this order so that someone who may not act at all learns nothing about the target:
 * role, then existence, then ownership (or province, unit, authorship), then state. A refusal by
 * state is `not_editable` (a conflict the next pull explains); any other is `forbidden`.
 */
export function canApplyMutation(
	p: Principal,
	name: MutationName,
	target: InspectionFacts | null,
	unit?: Placement,
	finding?: FindingFacts | null
): Decision {
	const rule = mutationRules[name];
	if (!rule.roles.includes(p.role)) return deny(`The ${p.role} role may not do this`);
	if (unit && !inProvince(p, unit.provinceCode)) return deny("This unit is outside the account's province");
	// Nobody reviews a self-inspection, and its findings are not remediation findings: to every
	// review and remediation intent it is not there (only its author can even see it).
	if (target && isSelf(target) && !recordWrites.includes(rule.target)) return rule.target === 'review' ? missingRecord : missingFinding;
	if (rule.target === 'review') return canReview(p, rule.transition, target);
	if (rule.target === 'finding-review') return canAdjustFinding(p, target, finding ?? null);
	if (rule.target === 'finding') return canMoveFinding(p, rule.transition, target, finding ?? null);
	if (rule.target === 'start') return canStartPlanned(p, target);
	if (rule.target === 'extension') return canTouchExtension(p, target, finding ?? null);
	if (rule.target === 'create') {
		const refusal = kindRefusal(p, unit?.kind ?? 'official', unit);
		if (refusal) return deny(refusal);
		if (target) return { ok: false, code: 'not_editable', reason: 'This inspection already exists' };
		return allow;
	}
	if (!target) return { ok: false, code: 'not_found', reason: 'Inspection not found' };
	if (rule.target === 'team-draft' || rule.target === 'member-part') {
		const member = canWriteAsMember(p, target, rule.target);
		if (member) return member;
	}
	if (target.createdBy !== p.userId) return deny('Only the author of the record may edit it');
	const refusal = kindRefusal(p, target.kind ?? 'official', unit);
	if (refusal) return deny(refusal);
	if (!ownEditableDraft(p, target))
		return { ok: false, code: 'not_editable', reason: 'The record was submitted and can no longer be edited' };
	return allow;
}

/** Is `p` on the record's team without being its writer? */
export const isTeamMember = (p: Principal, i: InspectionFacts): boolean =>
	i.createdBy !== p.userId && !!i.assignedInspectorIds?.includes(p.userId) && inProvince(p, i.provinceCode);

/**
 * The verdict for a team member (null: `p` is no member, so the writer's rule decides). A member
 * writes while the record is open; a hand-in is a member's alone, never the writer's.
 */
function canWriteAsMember(p: Principal, i: InspectionFacts, target: 'team-draft' | 'member-part'): Decision | null {
	if (!isTeamMember(p, i))
		return target === 'member-part' && i.createdBy === p.userId ? deny('The trưởng đoàn has no part to hand in') : null;
	if (i.status !== 'draft' && i.status !== 'returned') return notEditable('The record was submitted and can no longer be edited');
	return allow;
}

/**
 * May `p` write in `sectionId` of the record (answer, photograph, note a finding)? The writer
 * anywhere; a team member only in a section they hold (`target.holdings`).
 */
export function canWriteSection(p: Principal, i: InspectionFacts, sectionId: string): boolean {
	return mayWriteSection(i.holdings ?? [], i.createdBy, p.userId, sectionId);
}

/**
 * Why `p` may not put `sectionIds` of the record in `userId`'s hands (null: free them), or null
 * when they may. The writer hands out and takes back any section to any account of the team
 * (or to themselves); a member takes free sections for themselves and frees their own.
 */
export function holdRefusal(
	p: Principal,
	i: InspectionFacts,
	sectionIds: readonly string[],
	userId: string | null
): { code: 'forbidden' | 'section_held' | 'not_on_team'; sectionId?: string; reason: string } | null {
	const onTeam = (id: string) => id === i.createdBy || !!i.assignedInspectorIds?.includes(id);
	if (userId !== null && !onTeam(userId)) return { code: 'not_on_team', reason: "The account is not on the record's team" };
	if (p.userId === i.createdBy) return null;
	if (userId !== null && userId !== p.userId) return { code: 'forbidden', reason: 'Only the trưởng đoàn hands sections to others' };
	for (const sectionId of sectionIds) {
		const holder = i.holdings?.find((h) => h.sectionId === sectionId)?.userId;
		if (holder !== undefined && holder !== p.userId)
			return { code: 'section_held', sectionId, reason: `Section ${sectionId} is held by another member` };
	}
	return null;
}

const notEditable = (reason: string): Decision => ({ ok: false, code: 'not_editable', reason });
const missingRecord: Decision = { ok: false, code: 'not_found', reason: 'Inspection not found' };
const missingFinding: Decision = { ok: false, code: 'not_found', reason: 'Finding not found' };

/**
 * Return or approve. The state machine (`transition`) decides and gives the reason; asked again
 * as if the record were in the edge's first state, it tells a refusal by state (not_editable)
 * from one by person (forbidden: e.g. the record's own author).
 */
function canReview(p: Principal, name: InspectionTransition, target: InspectionFacts | null): Decision {
	if (!target) return missingRecord;
	if (!inProvince(p, target.provinceCode)) return deny("This inspection is outside the account's province");
	if (target.teamUserIds?.includes(p.userId)) return deny("A member of the visit's team does not review its record");
	const verdict = transition(p, target, name);
	if (verdict.ok) return allow;
	const byPerson = !transition(p, { ...target, status: inspectionEdges[name].from[0]! }, name).ok;
	return byPerson ? deny(verdict.reason) : notEditable(verdict.reason);
}

/**
 * Start a planned visit: only an inspector assigned to it, and only while it is planned. To anyone
 * else a planned visit is not there (`not_found`, the answer for no record at all), so an
 * unassigned inspector cannot learn that a unit is about to be visited.
 */
function canStartPlanned(p: Principal, target: InspectionFacts | null): Decision {
	if (!target || !inProvince(p, target.provinceCode) || !target.assignedInspectorIds?.includes(p.userId)) return missingRecord;
	const verdict = transition(p, target, 'start');
	return verdict.ok ? allow : notEditable('The visit has already been started');
}

/** Severity, deadline and notes of a finding are the reviewer's while the record awaits review. */
function canAdjustFinding(p: Principal, target: InspectionFacts | null, finding: FindingFacts | null): Decision {
	if (!target || !finding) return missingFinding;
	if (!inProvince(p, target.provinceCode)) return deny("This finding is outside the account's province");
	if (target.status !== 'submitted') return notEditable('Findings can only be adjusted while the record awaits review');
	return allow;
}

/**
 * Report, verify or reopen a finding: only findings of approved records (a ward cannot even
 * learn of the others), then the finding state machine, whose refusals by person are
 * `forbidden` and by state `not_editable`, told apart as in `canReview`.
 */
function canMoveFinding(p: Principal, name: FindingTransition, target: InspectionFacts | null, finding: FindingFacts | null): Decision {
	if (!target || !finding) return missingFinding;
	if (p.role === 'ward' && target.status !== 'approved') return missingFinding;
	const byPerson = findingTransition(p, { ...finding, status: findingEdges[name].from[0]! }, name);
	if (!byPerson.ok) return deny(byPerson.reason);
	if (target.status !== 'approved') return notEditable('The record is not approved yet: nothing to fix or verify');
	const verdict = findingTransition(p, finding, name);
	return verdict.ok ? allow : notEditable(verdict.reason);
}

/**
 * Ask for or decide an extension: a finding of an approved record in the account's unit (ward)
 * or province (reviewers). Whether a request is pending is the history's business, checked by
 * `extensionStep` where the events are at hand.
 */
function canTouchExtension(p: Principal, target: InspectionFacts | null, finding: FindingFacts | null): Decision {
	if (!target || !finding) return missingFinding;
	if (p.role === 'ward' && target.status !== 'approved') return missingFinding;
	if (p.role === 'ward' && p.unitCode !== finding.unitCode) return deny("The finding is outside the account's unit");
	if (!inProvince(p, target.provinceCode)) return deny("This finding is outside the account's province");
	if (target.status !== 'approved') return notEditable('The record is not approved yet: no deadline to extend');
	return allow;
}

/** The methods a `+server.ts` may export. */
export const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof httpMethods)[number];

/** "METHOD route-id", the route id as SvelteKit writes it: 'PUT /api/blobs/[sha256]'. */
export type ApiKey = `${HttpMethod} /${string}`;

export interface ApiRule {
	/** Who may call it: anyone (signed out too), anyone signed in, or only these roles. */
	access: 'anyone' | 'signed-in' | readonly Role[];
	/**
	 * 'province': the request names a province (through a unit, a plan…), and an account of
	 * another province is refused (403) even when its role may call the endpoint.
	 */
	scope?: 'province';
}

/**
 * One line per endpoint and method. Routes enforce their line with `authorize(…)`
 * (lib/server/authorize.ts); the authorization test enumerates every `+server.ts` and fails for
 * an endpoint without a line here, so a new endpoint cannot ship unguarded by omission.
 *
 * Row-level rules sit below this: push applies `canApplyMutation` per mutation, pull and the
 * plan list filter with `canSeeInspection`.
 */
export const apiRules = {
	/** Operators and load balancers probe it without an account. */
	'GET /api/health': { access: 'anyone' },
	/** Signing in is what a signed-out person does. */
	'POST /api/auth/login': { access: 'anyone' },
	/** Harmless without a session (it answers 200), so a stale tab can always sign out. */
	'POST /api/auth/logout': { access: 'anyone' },
	'GET /api/auth/me': { access: 'signed-in' },
	'POST /api/auth/password': { access: 'signed-in' },
	/** Every role syncs; which mutations apply is decided per mutation by `mutationRules`. */
	'POST /api/sync/push': { access: 'signed-in' },
	/** Every role pulls; which rows come back is decided per row by `canSeeInspection`. */
	'GET /api/sync/pull': { access: 'signed-in' },
	/**
	 * Photo and signature bytes: inspectors upload evidence, wards will upload proof of fixes.
	 * Bytes are addressed by a hash only someone who saw the record can know.
	 */
	'GET /api/blobs/[sha256]': { access: 'signed-in' },
	'HEAD /api/blobs/[sha256]': { access: 'signed-in' },
	'PUT /api/blobs/[sha256]': { access: 'signed-in' },
	/** Planning is the supervisor's job, within their own province; the plan is secret from wards. */
	'POST /api/plans/inspections': { access: ['supervisor', 'admin'], scope: 'province' },
	/** Inspectors see the visits they are assigned to; wards must never learn of a plan. */
	'GET /api/plans/inspections': { access: ['supervisor', 'admin', 'inspector'] },
	/**
	 * Plans of visits and their draws (docs/draw.md): the supervisor's and the admin's, of their
	 * province. Nobody else learns whether one exists: a ward or an inspector is refused by role
	 * before any lookup, and another province's plan answers 404 like one that does not exist.
	 */
	'POST /api/plans': { access: ['supervisor', 'admin'], scope: 'province' },
	'GET /api/plans': { access: ['supervisor', 'admin'] },
	'GET /api/plans/[id]': { access: ['supervisor', 'admin'], scope: 'province' },
	'POST /api/plans/[id]/draws': { access: ['supervisor', 'admin'], scope: 'province' },
	'GET /api/plans/[id]/draws/[drawId]': { access: ['supervisor', 'admin'], scope: 'province' },
	'POST /api/plans/[id]/draws/[drawId]/execute': { access: ['supervisor', 'admin'], scope: 'province' },
	/** The supervisor's view of the plans (docs/plans.md): visits by progress, coverage against the target. */
	'GET /api/plans/visits': { access: ['supervisor', 'admin'], scope: 'province' },
	'GET /api/plans/[id]/progress': { access: ['supervisor', 'admin'], scope: 'province' },
	/** Who can be on a visit's team: the plan's province's active inspectors and supervisors (names, roles). */
	'GET /api/plans/[id]/team-candidates': { access: ['supervisor', 'admin'], scope: 'province' },
	/**
	 * A colleague a trưởng đoàn adds to a record's team (issue 17, an unplanned visit), by the exact
	 * username they gave: an active inspector or supervisor of the caller's own province, else 404.
	 */
	'GET /api/team-account': { access: ['inspector', 'supervisor'] },
	/**
	 * The periodic report (docs/reports.md): a supervisor's or admin's province or one of its units,
	 * a ward's own unit (approved records only, no plans). Inspectors are refused by role: their
	 * work is their own records, not a province's figures.
	 */
	'GET /api/reports': { access: ['supervisor', 'admin', 'ward'], scope: 'province' },
	/**
	 * A province's centres, branches and reception points, which the inspector's device keeps for
	 * starting visits offline; a ward account has no visit to start.
	 */
	'GET /api/units/directory': { access: ['inspector', 'supervisor', 'admin'], scope: 'province' },
	/** Where the province's units are (proof of presence): the supervisor's review warns of visits started far away. */
	'GET /api/units/locations': { access: ['inspector', 'supervisor', 'admin'], scope: 'province' },
	/**
	 * A unit's counter officers (docs/roster.md): its ward and the province's inspectors, supervisors
	 * and admins read it; its ward and the province's admins keep it. The unit-level check is
	 * `canReadRoster`/`canEditRoster` (domain/roster.ts); the roster holds nothing about inspections.
	 */
	'GET /api/units/[code]/roster': { access: ['ward', 'inspector', 'supervisor', 'admin'], scope: 'province' },
	'POST /api/units/[code]/roster': { access: ['ward', 'admin'], scope: 'province' },
	'PATCH /api/units/[code]/roster/[id]': { access: ['ward', 'admin'], scope: 'province' },
	/**
	 * Data exports (docs/exports.md): a supervisor or admin their province (a national admin any),
	 * a ward its own commune's approved records; every file and page is audited.
	 */
	'GET /api/exports/[dataset]': { access: ['supervisor', 'admin', 'ward'], scope: 'province' },
	/** The periodic report as DOCX: the report's own scope rules (buildPeriodReport), audited. */
	'GET /api/exports/report-document': { access: ['supervisor', 'admin', 'ward'], scope: 'province' },
	/**
	 * Administration (lib/server/admin): an admin bound to a province lists and changes only that
	 * province's accounts, communes and audit entries; a national admin (no province) all of them.
	 */
	'GET /api/admin/users': { access: ['admin'], scope: 'province' },
	'POST /api/admin/users': { access: ['admin'], scope: 'province' },
	'PATCH /api/admin/users/[id]': { access: ['admin'], scope: 'province' },
	'POST /api/admin/users/[id]/password': { access: ['admin'], scope: 'province' },
	'GET /api/admin/users/[id]/sessions': { access: ['admin'], scope: 'province' },
	'DELETE /api/admin/users/[id]/sessions': { access: ['admin'], scope: 'province' },
	'GET /api/admin/units': { access: ['admin'], scope: 'province' },
	'PUT /api/admin/units/[code]': { access: ['admin'], scope: 'province' },
	/** The 2025 unit model (docs/units.md): a province's admin creates its centre's branches and any unit's reception points. */
	'POST /api/admin/branches': { access: ['admin'], scope: 'province' },
	'PATCH /api/admin/branches/[code]': { access: ['admin'], scope: 'province' },
	'POST /api/admin/reception-points': { access: ['admin'], scope: 'province' },
	'PATCH /api/admin/reception-points/[id]': { access: ['admin'], scope: 'province' },
	/** A unit's location (docs/units.md); many at once with `npm run admin -- import-unit-locations`. */
	'PUT /api/admin/unit-locations/[code]': { access: ['admin'], scope: 'province' },
	'GET /api/admin/audit': { access: ['admin'], scope: 'province' },
	/** Re-computes the whole chain; it reveals a count, no entry. */
	'GET /api/admin/audit/verify': { access: ['admin'] },
	/** Photo storage: one disk, so its totals for every admin; per-province lines filtered to the admin's own province. */
	'GET /api/admin/storage': { access: ['admin'] },
	/**
	 * Checklist templates (lib/server/templates, docs/templates.md): an admin bound to a province
	 * sees the national versions and its own, and changes only its own (a province version may be
	 * drafted from a national one); a national admin changes national templates (and any).
	 */
	'GET /api/admin/templates': { access: ['admin'], scope: 'province' },
	'POST /api/admin/templates/drafts': { access: ['admin'], scope: 'province' },
	'GET /api/admin/templates/[id]/[version]': { access: ['admin'], scope: 'province' },
	'PUT /api/admin/templates/[id]/[version]': { access: ['admin'], scope: 'province' },
	'DELETE /api/admin/templates/[id]/[version]': { access: ['admin'], scope: 'province' },
	'POST /api/admin/templates/[id]/[version]/publish': { access: ['admin'], scope: 'province' },
	'POST /api/admin/templates/[id]/[version]/retire': { access: ['admin'], scope: 'province' },
	/**
	 * Template files (XLSX, JSON): any admin exports what they may read (national versions and
	 * their province's own); an import becomes a draft of a scope the admin manages.
	 */
	'GET /api/admin/templates/[id]/[version]/export': { access: ['admin'], scope: 'province' },
	'POST /api/admin/templates/import': { access: ['admin'], scope: 'province' },
	/**
	 * The published and retired versions a device keeps offline: national and the account's
	 * province. Every role opens records (a ward prints its published ones), so every role reads them.
	 */
	'GET /api/templates': { access: 'signed-in' },
	/**
	 * Notifications (docs/notifications.md): every signed-in account reads its own — a ward its
	 * commune's, reviewers their province's, an inspector none (an empty list).
	 */
	'GET /api/notifications': { access: 'signed-in' },
	'POST /api/notifications/read': { access: 'signed-in' },
	/**
	 * The supervisor's work lists (docs/work-lists.md): the review queue with filters and search,
	 * overdue findings, returned records, fixes awaiting verification — of their province.
	 */
	'GET /api/work-lists/inspections': { access: ['supervisor', 'admin'] },
	'GET /api/work-lists/findings': { access: ['supervisor', 'admin'] },
	/**
	 * Device keys (docs/sync-protocol.md, "QR transfer"): whoever can be on a visit's team registers
	 * the public half of their phone's signing key; the record's team reads its members' keys
	 * before the visit, so a part read by QR code can be checked with no network.
	 */
	'POST /api/device-keys': { access: ['inspector', 'supervisor'] },
	'GET /api/inspections/[id]/team-keys': { access: ['inspector', 'supervisor'] },
	/**
	 * Feedback points at the counter (docs/feedback-point.md): a unit's ward and its province's
	 * admins (a national admin any) create, rotate and revoke its QR token; the province's
	 * supervisors read the points and the abnormal bursts. Row-level: `canManageFeedbackPoint`.
	 */
	'GET /api/feedback-points': { access: ['ward', 'admin', 'supervisor'], scope: 'province' },
	'POST /api/feedback-points': { access: ['ward', 'admin'], scope: 'province' },
	'POST /api/feedback-points/[id]/rotate': { access: ['ward', 'admin'], scope: 'province' },
	'POST /api/feedback-points/[id]/revoke': { access: ['ward', 'admin'], scope: 'province' },
	'GET /api/feedback-points/floods': { access: ['supervisor', 'admin'], scope: 'province' },
	/**
	 * A citizen's answer from the poster's QR code: no account, limited per point and per client
	 * (a keyed hash of the address, never the address), nothing about the person stored.
	 */
	'POST /api/feedback/[token]': { access: 'anyone' },
	/**
	 * Citizens' comments (issue 19, docs/feedback.md): the province's supervisors and admins read
	 * them as written and mark them handled; they also decide whether wards read their own unit's
	 * comments (masked). A ward reads only its own unit's summary, and the comments only masked and
	 * only where its province allows it; another unit is refused.
	 */
	'GET /api/feedback-items': { access: ['supervisor', 'admin'], scope: 'province' },
	'POST /api/feedback-items/[id]/handle': { access: ['supervisor', 'admin'], scope: 'province' },
	'GET /api/feedback-settings': { access: ['supervisor', 'admin'], scope: 'province' },
	'PUT /api/feedback-settings': { access: ['supervisor', 'admin'], scope: 'province' },
	'GET /api/feedback-summary': { access: ['supervisor', 'admin', 'ward'], scope: 'province' }
} as const satisfies Record<ApiKey, ApiRule>;

export type ApiRoute = keyof typeof apiRules;

export type ApiDecision =
	| { ok: true }
	| { ok: false; status: 401; code: 'not_signed_in'; reason: string }
	| { ok: false; status: 403; code: 'forbidden'; reason: string };

/**
 * May `p` (null: signed out) call the endpoint governed by `rule`? `target` is the province the
 * request turned out to name, for rules scoped to a province; leave it out for the role check
 * that runs before the body is read.
 */
export function canCallApi(p: Principal | null, rule: ApiRule, target?: { provinceCode: number }): ApiDecision {
	if (rule.access === 'anyone') return { ok: true };
	if (!p) return { ok: false, status: 401, code: 'not_signed_in', reason: 'Sign in first' };
	if (rule.access !== 'signed-in' && !rule.access.includes(p.role)) {
		return { ok: false, status: 403, code: 'forbidden', reason: `The ${p.role} role may not do this` };
	}
	if (rule.scope === 'province' && target && !inProvince(p, target.provinceCode)) {
		return { ok: false, status: 403, code: 'forbidden', reason: "This unit is outside the account's province" };
	}
	return { ok: true };
}

/**
 * Pages by area: which roles may open them. The first matching rule decides: a `pattern` when
 * it has one, else its prefix. The printable record is everyone's who holds the record on the
 * device (a reviewer reads it whole; a commune prints what was published to it) — the device
 * only ever holds what the server let this person pull.
 */
export const pageRules: readonly { prefix: string; pattern?: RegExp; roles: readonly Role[] }[] = [
	{ prefix: '/inspections', pattern: /^\/inspections\/[^/]+\/record\/?$/, roles: roles },
	// Starting an official visit is the inspector's; a ward starts a self-inspection instead.
	{ prefix: '/inspections', pattern: /^\/inspections\/new\/?$/, roles: ['inspector'] },
	{ prefix: '/admin', roles: ['admin'] },
	{ prefix: '/supervisor', roles: ['admin', 'supervisor'] },
	{ prefix: '/reports', roles: ['admin', 'supervisor', 'ward'] },
	// A record's screens: its inspector's, and a ward's for its own self-inspections.
	{ prefix: '/inspections', roles: ['inspector', 'ward'] },
	{ prefix: '/self-inspections', roles: ['ward'] },
	// Starting a planned visit ("my visits"): the assigned inspectors'.
	{ prefix: '/visits', roles: ['inspector'] },
	/** Data exports and the periodic report document: who oversees a province or a commune. */
	{ prefix: '/exports', roles: ['admin', 'supervisor', 'ward'] },
	/** Feedback points and their posters: who keeps them (ward, admin) and the supervisors who read them. */
	{ prefix: '/feedback-points', roles: ['admin', 'supervisor', 'ward'] },
	/** Citizens' comments: the province's inbox for its overseers, a ward's own unit's masked view (docs/feedback.md). */
	{ prefix: '/feedback', roles: ['admin', 'supervisor', 'ward'] },
	{ prefix: '/', roles: roles }
];

/** Pages anyone may open without signing in, rendered by the server (record verification, the feedback point's form). */
export const publicPagePrefixes: readonly string[] = ['/verify', '/y'];

export const isPublicPage = (pathname: string): boolean =>
	publicPagePrefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));

export function canOpenPage(p: Principal | null, pathname: string): boolean {
	if (isPublicPage(pathname)) return true;
	if (!p) return false;
	const rule = pageRules.find((r) =>
		r.pattern ? r.pattern.test(pathname) : pathname === r.prefix || pathname.startsWith(r.prefix === '/' ? '/' : `${r.prefix}/`)
	);
	return !!rule && rule.roles.includes(p.role);
}
