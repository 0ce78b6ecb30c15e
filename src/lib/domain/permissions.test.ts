import { describe, expect, it } from 'vitest';
import {
	apiRules,
	canApplyMutation,
	canCallApi,
	canOpenPage,
	canSeeInspection,
	canWriteSection,
	holdRefusal,
	mutationRules,
	type ApiRule,
	type InspectionFacts,
	type Principal
} from './permissions';
import { recordHref } from './record-links';
import { mutationNames } from './protocol/intents';

const inspector: Principal = { userId: 'i1', role: 'inspector', provinceCode: 1, unitCode: null };
const otherInspector: Principal = { ...inspector, userId: 'i2' };
const supervisor: Principal = { userId: 's1', role: 'supervisor', provinceCode: 1, unitCode: null };
const foreignSupervisor: Principal = { ...supervisor, userId: 's2', provinceCode: 79 };
const ward: Principal = { userId: 'w1', role: 'ward', provinceCode: 1, unitCode: 70 };
const otherWard: Principal = { ...ward, userId: 'w2', unitCode: 4 };
const admin: Principal = { userId: 'a1', role: 'admin', provinceCode: 1, unitCode: null };

const record = (status: InspectionFacts['status'], extra: Partial<InspectionFacts> = {}): InspectionFacts => ({
	createdBy: 'i1',
	status,
	unitCode: 70,
	provinceCode: 1,
	...extra
});

describe('who sees an inspection', () => {
	it('a ward sees only approved records of its own commune, never planned or unsubmitted ones', () => {
		for (const s of ['planned', 'draft', 'submitted', 'returned'] as const) expect(canSeeInspection(ward, record(s))).toBe(false);
		expect(canSeeInspection(ward, record('approved'))).toBe(true);
		expect(canSeeInspection(otherWard, record('approved'))).toBe(false);
	});
	it('an inspector sees their own and their assigned visits, not a colleague’s', () => {
		expect(canSeeInspection(inspector, record('draft'))).toBe(true);
		expect(canSeeInspection(otherInspector, record('draft'))).toBe(false);
		expect(canSeeInspection(otherInspector, record('planned', { assignedInspectorIds: ['i2'] }))).toBe(true);
	});
	it('supervisors and admins see their province only', () => {
		expect(canSeeInspection(supervisor, record('submitted'))).toBe(true);
		expect(canSeeInspection(foreignSupervisor, record('submitted'))).toBe(false);
		expect(canSeeInspection(admin, record('draft'))).toBe(true);
	});
});

describe('who may apply a mutation', () => {
	it('every mutation has a rule', () => {
		expect(Object.keys(mutationRules).sort()).toEqual([...mutationNames].sort());
	});
	it('only the inspector who made a draft changes it, and only until it is submitted', () => {
		expect(canApplyMutation(inspector, 'answerItem', record('draft')).ok).toBe(true);
		expect(canApplyMutation(inspector, 'answerItem', record('returned')).ok).toBe(true);
		expect(canApplyMutation(otherInspector, 'answerItem', record('draft'))).toMatchObject({ ok: false, code: 'forbidden' });
		expect(canApplyMutation(inspector, 'answerItem', record('submitted'))).toMatchObject({ ok: false, code: 'not_editable' });
		expect(canApplyMutation(ward, 'answerItem', record('draft'))).toMatchObject({ ok: false, code: 'forbidden' });
		expect(canApplyMutation(supervisor, 'submitInspection', record('draft'))).toMatchObject({ ok: false, code: 'forbidden' });
	});
	it('an inspector creates inspections in their own province only', () => {
		expect(canApplyMutation(inspector, 'createInspection', null, { provinceCode: 1 }).ok).toBe(true);
		expect(canApplyMutation(inspector, 'createInspection', null, { provinceCode: 79 }).ok).toBe(false);
		expect(canApplyMutation(inspector, 'createInspection', record('draft')).ok).toBe(false);
		expect(canApplyMutation(ward, 'createInspection', null, { provinceCode: 1 }).ok).toBe(false);
	});
	it('nobody moves a record into another province with a header patch', () => {
		expect(canApplyMutation(inspector, 'updateInspectionHeader', record('draft'), { provinceCode: 1 }).ok).toBe(true);
		expect(canApplyMutation(inspector, 'updateInspectionHeader', record('draft'), { provinceCode: 79 })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
	});
	it('a missing record is not_found for a role that may act, forbidden for one that may not', () => {
		expect(canApplyMutation(inspector, 'answerItem', null)).toMatchObject({ ok: false, code: 'not_found' });
		// A supervisor may be on a visit's team (issue 17), so may answer; a supervisor never writes the header.
		expect(canApplyMutation(supervisor, 'answerItem', null)).toMatchObject({ ok: false, code: 'not_found' });
		expect(canApplyMutation(supervisor, 'updateInspectionHeader', null)).toMatchObject({ ok: false, code: 'forbidden' });
	});
	it('a supervisor on the visit’s team does not review its record; another supervisor does', () => {
		const onTeam = record('submitted', { teamUserIds: ['i1', 's1'] });
		expect(canApplyMutation(supervisor, 'approveInspection', onTeam)).toMatchObject({ ok: false, code: 'forbidden' });
		expect(canApplyMutation(supervisor, 'returnInspection', onTeam)).toMatchObject({ ok: false, code: 'forbidden' });
		expect(canApplyMutation({ ...supervisor, userId: 's3' }, 'approveInspection', onTeam)).toEqual({ ok: true });
	});

	it('the assigned inspector cannot yet edit a planned visit (starting one is a later intent)', () => {
		const planned = record('planned', { createdBy: 's1', assignedInspectorIds: ['i1'] });
		expect(canSeeInspection(inspector, planned)).toBe(true);
		// On the team, but the visit is not started: refused by state, as any record not open.
		expect(canApplyMutation(inspector, 'answerItem', planned)).toMatchObject({ ok: false, code: 'not_editable' });
		expect(canApplyMutation(inspector, 'updateInspectionHeader', planned)).toMatchObject({ ok: false, code: 'forbidden' });
	});
});

describe('who may call an endpoint', () => {
	const plan: ApiRule = apiRules['POST /api/plans/inspections'];
	it('every rule names a method SvelteKit routes export and an /api path', () => {
		for (const key of Object.keys(apiRules)) expect(key).toMatch(/^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \/api\//);
	});
	it('signed-out callers get 401 unless the endpoint is for anyone', () => {
		expect(canCallApi(null, apiRules['GET /api/health']).ok).toBe(true);
		expect(canCallApi(null, apiRules['POST /api/sync/push'])).toMatchObject({ ok: false, status: 401 });
		expect(canCallApi(ward, apiRules['POST /api/sync/push']).ok).toBe(true);
	});
	it('only supervisors and admins plan, and only in their own province', () => {
		expect(canCallApi(supervisor, plan, { provinceCode: 1 }).ok).toBe(true);
		expect(canCallApi(supervisor, plan, { provinceCode: 79 })).toMatchObject({ ok: false, status: 403 });
		expect(canCallApi({ ...admin, provinceCode: null }, plan, { provinceCode: 79 }).ok).toBe(true);
		expect(canCallApi(inspector, plan)).toMatchObject({ ok: false, status: 403 });
		expect(canCallApi(ward, apiRules['GET /api/plans/inspections'])).toMatchObject({ ok: false, status: 403 });
		expect(canCallApi(inspector, apiRules['GET /api/plans/inspections']).ok).toBe(true);
	});
});

describe('pages', () => {
	it('a ward cannot open supervisor, admin or official start pages', () => {
		expect(canOpenPage(ward, '/supervisor')).toBe(false);
		expect(canOpenPage(ward, '/admin/users')).toBe(false);
		expect(canOpenPage(ward, '/inspections/new')).toBe(false);
		expect(canOpenPage(ward, '/')).toBe(true);
		expect(canOpenPage(null, '/')).toBe(false);
		expect(canOpenPage(null, '/verify/0190f3a0-0000-7000-8000-000000000001')).toBe(true);
		expect(canOpenPage(null, '/verifyx')).toBe(false);
		expect(canOpenPage(supervisor, '/supervisor/inbox')).toBe(true);
		expect(canOpenPage(inspector, '/inspections/x/sections/A')).toBe(true);
		// The printable record is for whoever holds it; the record's other pages are its author's:
		// an inspector's, or a ward's for its self-inspection (the device holds no other to open).
		expect(canOpenPage(ward, '/inspections/x/record')).toBe(true);
		expect(canOpenPage(supervisor, '/inspections/x/record')).toBe(true);
		expect(canOpenPage(supervisor, '/inspections/x/summary')).toBe(false);
		expect(canOpenPage(ward, '/inspections/x/summary')).toBe(true);
		expect(canOpenPage(ward, '/self-inspections/new')).toBe(true);
		expect(canOpenPage(inspector, '/self-inspections/new')).toBe(false);
		expect(canOpenPage(supervisor, '/self-inspections/new')).toBe(false);
		expect(canOpenPage(ward, '/supervisor/review/x')).toBe(false);
		expect(canOpenPage(ward, '/findings/x')).toBe(true);
	});
});

describe('record links lead each role to a page it may open', () => {
	const roles = [inspector, supervisor, ward];
	it.each(['draft', 'submitted', 'returned', 'approved'] as const)('for a %s record', (status) => {
		for (const p of roles) expect(canOpenPage(p, recordHref(p.role, { id: 'x', status }))).toBe(true);
	});
});

describe('self-inspection (tự kiểm tra)', () => {
	const own = { provinceCode: 1, code: 70 };
	const finding = (status: 'open' | 'fixReported') => ({ status, unitCode: 70, provinceCode: 1, inspectionAuthor: 'w1' });
	const selfRecord = (status: InspectionFacts['status'], extra: Partial<InspectionFacts> = {}) =>
		record(status, { createdBy: 'w1', kind: 'self', ...extra });

	it('a ward creates a self-inspection of its own unit, never of another unit and never an official record', () => {
		expect(canApplyMutation(ward, 'createInspection', null, { ...own, kind: 'self' })).toEqual({ ok: true });
		expect(canApplyMutation(ward, 'createInspection', null, { ...own, code: 4, kind: 'self' })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		expect(canApplyMutation(ward, 'createInspection', null, { ...own, kind: 'official' })).toMatchObject({ ok: false, code: 'forbidden' });
		expect(canApplyMutation(ward, 'createInspection', null, own)).toMatchObject({ ok: false, code: 'forbidden' });
		expect(canApplyMutation(ward, 'createInspection', null, { provinceCode: 79, code: 70, kind: 'self' })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
	});
	it('an inspector makes only official records; supervisors and admins make none', () => {
		expect(canApplyMutation(inspector, 'createInspection', null, { ...own, kind: 'self' })).toMatchObject({ ok: false, code: 'forbidden' });
		expect(canApplyMutation(inspector, 'createInspection', null, { ...own, kind: 'official' })).toEqual({ ok: true });
		expect(canApplyMutation(inspector, 'createInspection', null, own)).toEqual({ ok: true });
		for (const p of [supervisor, admin])
			expect(canApplyMutation(p, 'createInspection', null, { ...own, kind: 'self' })).toMatchObject({ ok: false, code: 'forbidden' });
	});
	it('its author writes and submits it like an inspector their draft, and cannot move it to another unit', () => {
		for (const name of ['answerItem', 'addOfficer', 'signInspection', 'setFindingDraft', 'submitInspection'] as const)
			expect(canApplyMutation(ward, name, selfRecord('draft'))).toEqual({ ok: true });
		expect(canApplyMutation(ward, 'updateInspectionHeader', selfRecord('draft'), own)).toEqual({ ok: true });
		expect(canApplyMutation(ward, 'updateInspectionHeader', selfRecord('draft'), { ...own, code: 4 })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		// Submitted is final: nothing edits it again.
		expect(canApplyMutation(ward, 'answerItem', selfRecord('submitted'))).toMatchObject({ ok: false, code: 'not_editable' });
		// Another ward account, even of the same unit, does not write it.
		expect(canApplyMutation({ ...ward, userId: 'w3' }, 'answerItem', selfRecord('draft'))).toMatchObject({ ok: false, code: 'forbidden' });
	});
	it('a ward never edits an official record, even one it could somehow name', () => {
		expect(canApplyMutation(ward, 'answerItem', record('draft', { createdBy: 'w1' }))).toMatchObject({ ok: false, code: 'forbidden' });
	});
	it('nobody reviews it: return, approve and finding adjustments find no record', () => {
		for (const p of [supervisor, admin]) {
			expect(canApplyMutation(p, 'approveInspection', selfRecord('submitted'))).toMatchObject({ ok: false, code: 'not_found' });
			expect(canApplyMutation(p, 'returnInspection', selfRecord('submitted'))).toMatchObject({ ok: false, code: 'not_found' });
			expect(canApplyMutation(p, 'adjustFinding', selfRecord('submitted'), undefined, finding('open'))).toMatchObject({
				ok: false,
				code: 'not_found'
			});
		}
	});
	it('its findings are not remediation findings: no fix is reported or verified on them', () => {
		expect(canApplyMutation(ward, 'reportFix', selfRecord('submitted'), undefined, finding('open'))).toMatchObject({
			ok: false,
			code: 'not_found'
		});
		expect(canApplyMutation(inspector, 'verifyFix', selfRecord('submitted'), undefined, finding('fixReported'))).toMatchObject({
			ok: false,
			code: 'not_found'
		});
	});
	it('only its author sees it: not the province, not inspectors, not another ward account', () => {
		for (const status of ['draft', 'submitted'] as const) {
			expect(canSeeInspection(ward, selfRecord(status))).toBe(true);
			for (const p of [supervisor, admin, { ...admin, provinceCode: null }, inspector, otherWard, { ...ward, userId: 'w3' }])
				expect(canSeeInspection(p, selfRecord(status))).toBe(false);
		}
		// An official record of the unit is still the ward's only once approved.
		expect(canSeeInspection(ward, record('submitted'))).toBe(false);
		expect(canSeeInspection(ward, record('approved'))).toBe(true);
	});
});

describe('one record, several phones (issue 17)', () => {
	const member = otherInspector;
	const teamRecord = (status: InspectionFacts['status'] = 'draft') =>
		record(status, { assignedInspectorIds: ['i2', 's1'], holdings: [{ sectionId: 'A', userId: 'i2' }] });

	it('a member writes the parts of an open record, not its header, signatures, submission or choices', () => {
		for (const name of [
			'answerItem',
			'attachPhoto',
			'removePhoto',
			'setFindingDraft',
			'addOfficer',
			'updateOfficer',
			'holdSections',
			'handInPart'
		] as const)
			expect(canApplyMutation(member, name, teamRecord()), name).toEqual({ ok: true });
		for (const name of [
			'updateInspectionHeader',
			'removeOfficer',
			'signInspection',
			'submitInspection',
			'resolveAnswerConflict',
			'releaseMember'
		] as const)
			expect(canApplyMutation(member, name, teamRecord()), name).toMatchObject({ ok: false, code: 'forbidden' });
		expect(canApplyMutation(supervisor, 'answerItem', teamRecord()), 'a supervisor on the team').toEqual({ ok: true });
		expect(canApplyMutation(member, 'answerItem', teamRecord('submitted'))).toMatchObject({ ok: false, code: 'not_editable' });
		expect(canApplyMutation({ ...inspector, userId: 'i9' }, 'answerItem', teamRecord())).toMatchObject({ ok: false, code: 'forbidden' });
	});

	it('the writer has no part to hand in', () => {
		expect(canApplyMutation(inspector, 'handInPart', teamRecord())).toMatchObject({ ok: false, code: 'forbidden' });
	});

	it('a member writes only in the sections they hold; the writer anywhere', () => {
		expect(canWriteSection(member, teamRecord(), 'A')).toBe(true);
		expect(canWriteSection(member, teamRecord(), 'B')).toBe(false);
		expect(canWriteSection(inspector, teamRecord(), 'B')).toBe(true);
	});

	it('a member takes free sections and frees their own; the writer hands out to the team', () => {
		const facts = teamRecord();
		expect(holdRefusal(member, facts, ['B'], 'i2')).toBeNull();
		expect(holdRefusal(member, facts, ['A'], null)).toBeNull();
		expect(holdRefusal(supervisor, facts, ['A'], 's1')).toMatchObject({ code: 'section_held', sectionId: 'A' });
		expect(holdRefusal(supervisor, facts, ['A'], null)).toMatchObject({ code: 'section_held' });
		expect(holdRefusal(member, facts, ['B'], 's1')).toMatchObject({ code: 'forbidden' });
		expect(holdRefusal(inspector, facts, ['A'], 's1')).toBeNull();
		expect(holdRefusal(inspector, facts, ['B'], 'i9')).toMatchObject({ code: 'not_on_team' });
	});
});
