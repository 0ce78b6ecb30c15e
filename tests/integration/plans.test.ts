/**
 * Planned inspections through the real route handlers, on both databases: what a supervisor may
 * plan (a commune of the official list, in their province, with active inspectors of it), what
 * each role gets back from the list, and the audit entry a plan leaves.
 */
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import type { PlannedInspection, PlanRequest } from '$lib/domain/plans';
import { users } from '$lib/server/auth';
import { closeDatabase, getDatabase, type Database } from '$lib/server/db';
import { GET as listPlans, POST as createPlan } from '../../src/routes/api/plans/inspections/+server';
import { createCaller, routeEvent, type Caller } from './support/callers';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const ROUTE = '/api/plans/inspections';
const hoanKiem = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };
const thuDauMot = { code: 25747, name: 'Phường Thủ Dầu Một', provinceCode: 79, provinceName: 'Thành phố Hồ Chí Minh' };

describe.each(testDatabases)('planned inspections on $name', (kind) => {
	const ctx = useSyncContext(kind, { migrate: false });
	const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
	let db: Kysely<Database>;
	let supervisor: Caller,
		supervisorQ: Caller,
		nationalAdmin: Caller,
		inspector: Caller,
		colleague: Caller,
		inspectorQ: Caller,
		ward: Caller;

	beforeAll(async () => {
		if (kind.skipReason) return;
		process.env.DATA_DIR = join(ctx.fresh.dataDir, 'server');
		if (ctx.fresh.databaseUrl) process.env.DATABASE_URL = ctx.fresh.databaseUrl;
		else delete process.env.DATABASE_URL;
		db = (await getDatabase()).db;
		supervisor = await createCaller(db, 'supervisor', { provinceCode: 1 });
		supervisorQ = await createCaller(db, 'supervisor', { provinceCode: 79 });
		nationalAdmin = await createCaller(db, 'admin', { provinceCode: null });
		inspector = await createCaller(db, 'inspector', { provinceCode: 1 });
		colleague = await createCaller(db, 'inspector', { provinceCode: 1 });
		inspectorQ = await createCaller(db, 'inspector', { provinceCode: 79 });
		ward = await createCaller(db, 'ward', { provinceCode: 1, unitCode: 70 });
	});
	afterAll(async () => {
		await closeDatabase();
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	});

	const plan = (overrides: Partial<PlanRequest> = {}): PlanRequest => ({
		id: uuidv7(),
		unit: hoanKiem,
		windowStart: '2025-12-01',
		windowEnd: '2025-12-12',
		assignedInspectorIds: [inspector.user.userId],
		basis: 'Kế hoạch 15/KH-SNV ngày 20/11/2025',
		...overrides
	});

	async function post(caller: Caller, body: unknown) {
		const request = { method: 'POST', path: ROUTE, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
		const response = await createPlan((await routeEvent(db, '/api/plans/inspections', request, caller)) as never);
		return {
			status: response.status,
			body: (await response.json()) as { plan?: PlannedInspection; error?: { code: string; field?: string; message: string } }
		};
	}

	async function list(caller: Caller) {
		const response = await listPlans((await routeEvent(db, '/api/plans/inspections', { method: 'GET', path: ROUTE }, caller)) as never);
		return { status: response.status, body: (await response.json()) as { plans?: PlannedInspection[] } };
	}

	it('a supervisor plans a visit to a commune of their province: 201, stored as planned, audited', async () => {
		const input = plan({
			unit: { ...hoanKiem, name: 'phuong hoan kiem' },
			assignedInspectorIds: [inspector.user.userId, colleague.user.userId]
		});
		const { status, body } = await post(supervisor, input);
		expect(status).toBe(201);
		expect(body.plan).toEqual({
			id: input.id,
			unit: hoanKiem, // the official name, whatever the client spelled
			windowStart: '2025-12-01',
			windowEnd: '2025-12-12',
			assignedInspectorIds: [inspector.user.userId, colleague.user.userId],
			// The older form: the first leads, the others are members; names from the accounts.
			team: [
				{ userId: inspector.user.userId, name: inspector.user.displayName, role: 'truong_doan' },
				{ userId: colleague.user.userId, name: colleague.user.displayName, role: 'thanh_vien' }
			],
			basis: input.basis,
			status: 'planned',
			createdBy: supervisor.user.userId,
			createdAt: expect.any(String)
		});
		const row = await db.selectFrom('inspections').selectAll().where('id', '=', input.id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			status: 'planned',
			owner_user_id: supervisor.user.userId,
			unit_code: 70,
			province_code: 1,
			window_start: '2025-12-01',
			window_end: '2025-12-12',
			published_version: null
		});
		const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'plan_created').execute();
		expect(audit.map((a) => JSON.parse(a.detail).inspectionId)).toContain(input.id);
	});

	it('refuses what cannot be planned, naming the field at fault', async () => {
		const disabled = await createCaller(db, 'inspector', { provinceCode: 1 });
		await users.setDisabled(db, disabled.user.username, true, null);
		const cases: [string, unknown, number, string, string | undefined][] = [
			['window ends before it starts', plan({ windowStart: '2025-12-10', windowEnd: '2025-12-01' }), 400, 'invalid_request', 'windowEnd'],
			['a commune not in the 2025 list', plan({ unit: { ...hoanKiem, code: 999999 } }), 400, 'unit_not_found', 'unit.code'],
			[
				'a commune under the wrong province',
				plan({ unit: { ...hoanKiem, provinceCode: 79 } }),
				400,
				'commune_not_in_province',
				'unit.provinceCode'
			],
			[
				'an inspector of another province',
				plan({ assignedInspectorIds: [inspectorQ.user.userId] }),
				400,
				'inspector_not_in_province',
				'assignedInspectorIds.0'
			],
			[
				'a disabled inspector',
				plan({ assignedInspectorIds: [inspector.user.userId, disabled.user.userId] }),
				400,
				'inspector_disabled',
				'assignedInspectorIds.1'
			],
			['a ward account on the team', plan({ assignedInspectorIds: [ward.user.userId] }), 400, 'not_an_inspector', 'assignedInspectorIds.0'],
			['an unknown account', plan({ assignedInspectorIds: [uuidv7()] }), 400, 'user_not_found', 'assignedInspectorIds.0'],
			[
				'the same inspector twice',
				plan({ assignedInspectorIds: [inspector.user.userId, inspector.user.userId] }),
				400,
				'invalid_request',
				'assignedInspectorIds'
			],
			['nobody assigned', plan({ assignedInspectorIds: [] }), 400, 'invalid_request', 'assignedInspectorIds'],
			[
				'a commune of another province',
				plan({ unit: thuDauMot, assignedInspectorIds: [inspectorQ.user.userId] }),
				403,
				'forbidden',
				undefined
			]
		];
		for (const [label, body, status, code, field] of cases) {
			const answer = await post(supervisor, body);
			expect([label, answer.status, answer.body.error?.code, answer.body.error?.field]).toEqual([label, status, code, field]);
			expect(answer.body.error?.message, label).toBeTruthy();
		}
		const first = plan();
		expect((await post(supervisor, first)).status).toBe(201);
		const again = await post(supervisor, first);
		expect([again.status, again.body.error?.code]).toEqual([409, 'already_exists']);
	});

	it('a team of the province’s accounts with roles: stored with account ids, names from the server, leader first', async () => {
		const secretary = await createCaller(db, 'inspector', { provinceCode: 1 }, 'thư ký');
		const input = plan({
			assignedInspectorIds: undefined,
			team: [
				{ userId: secretary.user.userId, role: 'thu_ky' },
				{ userId: colleague.user.userId, role: 'thanh_vien' },
				{ userId: supervisor.user.userId, role: 'truong_doan' }
			]
		});
		const { status, body } = await post(supervisor, input);
		expect(status).toBe(201);
		const expected = [
			{ userId: supervisor.user.userId, name: supervisor.user.displayName, role: 'truong_doan' },
			{ userId: colleague.user.userId, name: colleague.user.displayName, role: 'thanh_vien' },
			{ userId: secretary.user.userId, name: secretary.user.displayName, role: 'thu_ky' }
		];
		expect(body.plan?.team).toEqual(expected);
		// The assigned inspectors are the team's accounts: each of them pulls the visit.
		const assigned = await db.selectFrom('inspection_assignments').select('user_id').where('inspection_id', '=', input.id).execute();
		expect(assigned.map((a) => a.user_id).sort()).toEqual(expected.map((m) => m.userId).sort());
		const row = await db.selectFrom('inspections').select('data').where('id', '=', input.id).executeTakeFirstOrThrow();
		const doc = JSON.parse(row.data) as { team: unknown[]; plan: { assignedInspectorIds: string[] } };
		expect(doc.team).toEqual(expected.map((m) => ({ ...m, position: '', organisation: '' })));
		expect(doc.plan.assignedInspectorIds).toEqual(expected.map((m) => m.userId));
		expect((await list(secretary)).body.plans?.map((p) => p.id)).toContain(input.id);
	});

	it('refuses a team that is not one: no leader, two leaders, two secretaries, an account twice, both forms', async () => {
		const lead = { userId: inspector.user.userId, role: 'truong_doan' as const };
		const member = { userId: colleague.user.userId, role: 'thanh_vien' as const };
		const cases: [string, object, string, string][] = [
			['no leader', { team: [member] }, 'one_team_leader_required', 'team'],
			['two leaders', { team: [lead, { ...member, role: 'truong_doan' }] }, 'one_team_leader_required', 'team'],
			[
				'two secretaries',
				{ team: [lead, { ...member, role: 'thu_ky' }, { userId: supervisor.user.userId, role: 'thu_ky' }] },
				'one_secretary_at_most',
				'team'
			],
			['an account twice', { team: [lead, { ...member, userId: inspector.user.userId }] }, 'inspector_assigned_twice', 'team'],
			['both forms', { team: [lead], assignedInspectorIds: [inspector.user.userId] }, 'team_required', 'team'],
			['neither form', {}, 'team_required', 'team']
		];
		for (const [label, team, message, field] of cases) {
			const answer = await post(supervisor, { ...plan({ assignedInspectorIds: undefined }), ...team });
			expect([label, answer.status, answer.body.error?.code, answer.body.error?.field]).toEqual([label, 400, 'invalid_request', field]);
			expect(answer.body.error?.message, label).toContain(message);
		}
		const far = await post(supervisor, {
			...plan({ assignedInspectorIds: undefined }),
			team: [lead, { ...member, userId: supervisorQ.user.userId }]
		});
		expect([far.status, far.body.error?.code, far.body.error?.field]).toEqual([400, 'inspector_not_in_province', 'team.1.userId']);
	});

	it('a national admin plans anywhere; inspectors and wards cannot plan at all', async () => {
		expect((await post(nationalAdmin, plan({ unit: thuDauMot, assignedInspectorIds: [inspectorQ.user.userId] }))).status).toBe(201);
		expect((await post(inspector, plan())).status).toBe(403);
		expect((await post(ward, plan())).status).toBe(403);
	});

	it('lists the plans each caller may see; a ward is refused', async () => {
		const mine = plan({ assignedInspectorIds: [inspector.user.userId] });
		const theirs = plan({ assignedInspectorIds: [colleague.user.userId] });
		const far = plan({ unit: thuDauMot, assignedInspectorIds: [inspectorQ.user.userId] });
		expect((await post(supervisor, mine)).status).toBe(201);
		expect((await post(supervisor, theirs)).status).toBe(201);
		expect((await post(supervisorQ, far)).status).toBe(201);

		const ids = async (caller: Caller) => (await list(caller)).body.plans?.map((p) => p.id) ?? [];
		expect(await ids(supervisor)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
		expect(await ids(supervisor)).not.toContain(far.id);
		expect(await ids(supervisorQ)).toContain(far.id);
		expect(await ids(supervisorQ)).not.toContain(mine.id);
		expect(await ids(nationalAdmin)).toEqual(expect.arrayContaining([mine.id, theirs.id, far.id]));
		expect(await ids(inspector)).toContain(mine.id);
		expect(await ids(inspector)).not.toContain(theirs.id);
		expect(await ids(colleague)).toContain(theirs.id);
		expect(await ids(colleague)).not.toContain(mine.id);

		const refused = await list(ward);
		expect(refused.status).toBe(403);
		expect(refused.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
	});
});
