/**
 * Plans of visits and their verifiable draw (issue 16, docs/draw.md) through the real route
 * handlers, on both databases: a plan is made, a draw committed (only the seed's hash shown) and
 * executed (seed, candidates, rule and selection revealed, planned visits created); the
 * selection recomputes from the revealed data with the shared domain function, and not from
 * tampered data; recent visits are excluded, units with overdue or repeated findings always
 * drawn, hand picks need a reason; the audit log holds both steps with their inputs; wards,
 * inspectors and other provinces learn nothing.
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDraw, drawSelection, seedCommitment } from '$lib/domain/draw';
import { addDays, vietnamDate } from '$lib/domain/dates';
import { uuidv7 } from '$lib/domain/ids';
import type { PlannedInspection } from '$lib/domain/plans';
import type { CreatePlan, Draw, Plan } from '$lib/domain/protocol/plans';
import { runAdminCli } from '$lib/server/cli/admin-cli';
import { closeDatabase, getDatabase, type Database } from '$lib/server/db';
import { GET as listPlans, POST as createPlan } from '../../src/routes/api/plans/+server';
import { GET as getPlan } from '../../src/routes/api/plans/[id]/+server';
import { POST as commitDraw } from '../../src/routes/api/plans/[id]/draws/+server';
import { GET as getDraw } from '../../src/routes/api/plans/[id]/draws/[drawId]/+server';
import { POST as executeDraw } from '../../src/routes/api/plans/[id]/draws/[drawId]/execute/+server';
import { GET as teamCandidates } from '../../src/routes/api/plans/[id]/team-candidates/+server';
import { GET as listVisits } from '../../src/routes/api/plans/inspections/+server';
import { GET as pull } from '../../src/routes/api/sync/pull/+server';
import { createCaller, routeEvent, type Caller } from './support/callers';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

type Handler = (event: never) => Promise<Response>;
type Answer = {
	status: number;
	body: { plan?: Plan; plans?: Plan[]; draw?: Draw; draws?: Draw[]; error?: { code: string; field?: string } };
};

/** Ten communes of Hà Nội (province 1). */
const SCOPE = [4, 8, 25, 70, 82, 91, 97, 103, 118, 127];

describe.each(testDatabases)('plans and the verifiable draw on $name', (kind) => {
	const ctx = useSyncContext(kind, { migrate: false });
	const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
	let db: Kysely<Database>;
	let supervisor: Caller, supervisorQ: Caller, inspector: Caller, unassigned: Caller, ward: Caller;

	beforeAll(async () => {
		if (kind.skipReason) return;
		process.env.DATA_DIR = join(ctx.fresh.dataDir, 'server');
		if (ctx.fresh.databaseUrl) process.env.DATABASE_URL = ctx.fresh.databaseUrl;
		else delete process.env.DATABASE_URL;
		db = (await getDatabase()).db;
		supervisor = await createCaller(db, 'supervisor', { provinceCode: 1 });
		supervisorQ = await createCaller(db, 'supervisor', { provinceCode: 79 });
		inspector = await createCaller(db, 'inspector', { provinceCode: 1 });
		unassigned = await createCaller(db, 'inspector', { provinceCode: 1 });
		ward = await createCaller(db, 'ward', { provinceCode: 1, unitCode: 70 });
	});
	afterAll(async () => {
		await closeDatabase();
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	});

	async function call(handler: Handler, caller: Caller, routeId: string, path: string, params: Record<string, string>, body?: unknown) {
		const request = {
			method: body === undefined ? 'GET' : 'POST',
			path,
			params,
			...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
		};
		const response = await handler((await routeEvent(db, routeId, request, caller)) as never);
		return { status: response.status, body: (await response.json()) as Answer['body'] };
	}
	const post = (caller: Caller, body: unknown) => call(createPlan as Handler, caller, '/api/plans', '/api/plans', {}, body);
	const read = (caller: Caller, id: string) => call(getPlan as Handler, caller, '/api/plans/[id]', `/api/plans/${id}`, { id });
	const commit = (caller: Caller, id: string, body: unknown) =>
		call(commitDraw as Handler, caller, '/api/plans/[id]/draws', `/api/plans/${id}/draws`, { id }, body);
	const readDraw = (caller: Caller, id: string, drawId: string) =>
		call(getDraw as Handler, caller, '/api/plans/[id]/draws/[drawId]', `/api/plans/${id}/draws/${drawId}`, { id, drawId });
	const execute = (caller: Caller, id: string, drawId: string, body: unknown) =>
		call(
			executeDraw as Handler,
			caller,
			'/api/plans/[id]/draws/[drawId]/execute',
			`/api/plans/${id}/draws/${drawId}/execute`,
			{ id, drawId },
			body
		);

	const candidates = (caller: Caller, id: string) =>
		call(teamCandidates as Handler, caller, '/api/plans/[id]/team-candidates', `/api/plans/${id}/team-candidates`, { id });

	const planInput = (overrides: Partial<CreatePlan> = {}): CreatePlan => ({
		id: uuidv7(),
		provinceCode: 1,
		title: 'Kiểm tra đột xuất bộ phận một cửa quý I/2026',
		period: { kind: 'quarter', year: 2026, quarter: 1 },
		scope: { kind: 'units', unitCodes: SCOPE },
		inspectionType: 'dot_xuat',
		topic: '',
		decision: { number: '12/QĐ-UBND', date: '2026-01-05', signer: 'Chủ tịch UBND Thành phố Hà Nội' },
		coverageTargetPercent: 10,
		windowStart: '2026-01-10',
		windowEnd: '2026-03-31',
		...overrides
	});

	/** A record row written straight to the table: the draw only reads unit, status and date. */
	async function record(unitCode: number, status: string, startedAt: string) {
		const id = uuidv7();
		const row = {
			id,
			status,
			owner_user_id: inspector.user.userId,
			unit_code: unitCode,
			province_code: 1,
			template_id: 'default',
			template_version: '1',
			created_at: startedAt,
			started_at: startedAt,
			ended_at: null,
			submitted_at: startedAt,
			window_start: null,
			window_end: null,
			published_version: null,
			record_number: null,
			record_year: null,
			data: '{}',
			version: 1,
			updated_at: startedAt
		};
		await db.insertInto('inspections').values(row).execute();
		return id;
	}
	async function finding(inspectionId: string, itemId: string, deadline: string, status = 'open') {
		await db
			.insertInto('findings')
			.values({
				id: uuidv7(),
				inspection_id: inspectionId,
				item_id: itemId,
				section_id: 'A',
				title: 'Thiếu niêm yết',
				detail: '',
				officer_ids: '[]',
				critical: 0,
				legal: '[]',
				recommendation: '',
				deadline,
				status,
				version: 1,
				updated_at: deadline
			})
			.execute();
	}

	it('a supervisor makes a plan; the decision becomes the căn cứ; it is audited', async ({ skip }) => {
		if (kind.skipReason) skip(kind.skipReason);
		const input = planInput();
		const { status, body } = await post(supervisor, input);
		expect(status).toBe(201);
		expect(body.plan).toMatchObject({ id: input.id, coverageTargetPercent: 10, createdBy: supervisor.user.userId });
		expect(body.plan?.basis).toBe('Quyết định số 12/QĐ-UBND ngày 05/01/2026 của Chủ tịch UBND Thành phố Hà Nội');
		expect((await call(listPlans as Handler, supervisor, '/api/plans', '/api/plans', {})).body.plans?.map((p) => p.id)).toContain(input.id);
		const audit = await db.selectFrom('audit_log').select('detail').where('action', '=', 'plan_defined').execute();
		expect(audit.some((a) => a.detail.includes(input.id))).toBe(true);
	});

	it('refuses a chuyên đề plan without a topic, a unit of another province, and a second id', async ({ skip }) => {
		if (kind.skipReason) skip(kind.skipReason);
		expect((await post(supervisor, planInput({ inspectionType: 'chuyen_de' }))).body.error).toMatchObject({
			code: 'invalid_request',
			field: 'topic'
		});
		expect((await post(supervisor, planInput({ inspectionType: 'chuyen_de', topic: 'Thủ tục đất đai' }))).status).toBe(201);
		const wrongUnit = await post(supervisor, planInput({ scope: { kind: 'units', unitCodes: [25747] } }));
		expect(wrongUnit.body.error?.code).toBe('unit_not_found');
		const input = planInput();
		expect((await post(supervisor, input)).status).toBe(201);
		expect((await post(supervisor, input)).status).toBe(409);
		expect((await post(supervisorQ, planInput())).status).toBe(403);
	});

	it('commits, executes, reveals; the selection recomputes, and tampering shows', async ({ skip }) => {
		if (kind.skipReason) skip(kind.skipReason);
		const today = vietnamDate();
		// 8: visited last month, so excluded. 25: an overdue finding. 70: the same item failed twice
		// (both fixed since, so only the repetition counts).
		await record(8, 'approved', `${addDays(today, -30)}T09:00:00+07:00`);
		const withOverdue = await record(25, 'submitted', '2024-03-01T09:00:00+07:00');
		await finding(withOverdue, 'A3', '2024-04-01');
		for (const year of [2023, 2024])
			await finding(await record(70, 'approved', `${year}-05-01T09:00:00+07:00`), 'B2', `${year}-06-01`, 'verified');

		const plan = planInput();
		await post(supervisor, plan);

		// A hand pick needs its reason.
		const noReason = await commit(supervisor, plan.id, { id: uuidv7(), handPicks: [{ code: 82, reason: ' ' }] });
		expect(noReason.status).toBe(400);
		expect(noReason.body.error).toMatchObject({ code: 'invalid_request', field: 'handPicks.0.reason' });

		const drawId = uuidv7();
		const request = {
			id: drawId,
			sampleSize: 4,
			excludeVisitedMonths: 12,
			handPicks: [{ code: 82, reason: 'Phản ánh của người dân ngày 02/01/2026' }]
		};
		const committed = await commit(supervisor, plan.id, request);
		expect(committed.status).toBe(201);
		expect(committed.body.draw).toMatchObject({ status: 'committed', seed: null, candidates: null, selection: null });
		const seedHash = committed.body.draw!.seedHash;
		expect(seedHash).toMatch(/^[0-9a-f]{64}$/);
		// Still secret when read back before execution.
		expect((await readDraw(supervisor, plan.id, drawId)).body.draw?.seed).toBeNull();
		// One draw per plan.
		expect((await commit(supervisor, plan.id, { id: uuidv7() })).body.error?.code).toBe('draw_exists');

		const executed = await execute(supervisor, plan.id, drawId, { assignedInspectorIds: [inspector.user.userId] });
		expect(executed.status).toBe(200);
		const draw = executed.body.draw!;
		expect(draw.status).toBe('executed');
		expect(await seedCommitment(draw.seed!)).toBe(seedHash);
		expect(draw.rule).toEqual({ sampleSize: 4, excludeVisitedMonths: 12 });
		expect(draw.excluded?.map((e) => e.code)).toEqual(['8']);
		const reasons = Object.fromEntries(draw.candidates!.map((c) => [c.code, c.reason]));
		expect(reasons).toMatchObject({ '25': 'overdue_findings', '70': 'repeated_findings', '82': 'hand_pick', '4': 'in_scope' });
		expect(reasons['8']).toBeUndefined();
		expect(draw.candidates!.find((c) => c.code === '82')?.note).toBe('Phản ánh của người dân ngày 02/01/2026');
		expect(draw.selection).toHaveLength(4);
		expect(draw.selection).toEqual(expect.arrayContaining(['25', '70', '82']));

		// Anyone recomputes the selection from what was revealed (GET answers the same).
		const revealed = (await readDraw(supervisor, plan.id, drawId)).body.draw!;
		expect(revealed).toEqual(draw);
		const check = await checkDraw({
			seedHash,
			seed: revealed.seed!,
			candidates: revealed.candidates!,
			rule: revealed.rule!,
			selection: revealed.selection!
		});
		expect(check).toMatchObject({ seedMatchesCommitment: true, selectionMatches: true });
		expect((await drawSelection(revealed.seed!, revealed.candidates!, revealed.rule!)).map((u) => u.code)).toEqual(revealed.selection);

		// Tampering: another seed breaks the commitment; a candidate list with the drawn unit
		// moved out changes the selection.
		const forged = `${revealed.seed!.slice(0, 63)}${revealed.seed!.endsWith('0') ? '1' : '0'}`;
		expect(
			(await checkDraw({ seedHash, seed: forged, candidates: revealed.candidates!, rule: revealed.rule!, selection: revealed.selection! }))
				.seedMatchesCommitment
		).toBe(false);
		const drawn = revealed.selection!.find((c) => !['25', '70', '82'].includes(c))!;
		const without = revealed.candidates!.filter((c) => c.code !== drawn);
		expect(
			(await checkDraw({ seedHash, seed: revealed.seed!, candidates: without, rule: revealed.rule!, selection: revealed.selection! }))
				.selectionMatches
		).toBe(false);

		// The visits exist as planned inspections, with the plan's căn cứ, for the assigned inspector.
		const visits = await call(listVisits as Handler, inspector, '/api/plans/inspections', '/api/plans/inspections', {});
		const mine = (visits.body as unknown as { plans: PlannedInspection[] }).plans.filter((p) => draw.inspectionIds!.includes(p.id));
		expect(mine.map((p) => String(p.unit.code)).sort()).toEqual([...draw.selection!].sort());
		expect(mine.every((p) => p.basis.startsWith('Quyết định số 12/QĐ-UBND') && p.windowStart === '2026-01-10')).toBe(true);
		const unassignedVisits = await call(listVisits as Handler, unassigned, '/api/plans/inspections', '/api/plans/inspections', {});
		expect(
			(unassignedVisits.body as unknown as { plans: PlannedInspection[] }).plans.filter((p) => draw.inspectionIds!.includes(p.id))
		).toEqual([]);

		// Nothing of the plan, the draw or its visits reaches a ward (even of a drawn unit) or an
		// unassigned inspector pulling from zero; the assigned inspector receives the visits.
		expect(draw.selection).toContain('70'); // the ward's own unit was drawn
		for (const outsider of [ward, unassigned]) {
			const pulled = await pullAll(outsider);
			for (const secret of [plan.id, drawId, draw.seed!, seedHash, ...draw.inspectionIds!]) expect(pulled).not.toContain(secret);
		}
		const assignedPull = await pullAll(inspector);
		for (const id of draw.inspectionIds!) expect(assignedPull).toContain(id);
		expect(assignedPull).not.toContain(draw.seed!);

		// Executed once only.
		expect((await execute(supervisor, plan.id, drawId, { assignedInspectorIds: [inspector.user.userId] })).body.error?.code).toBe(
			'draw_already_executed'
		);

		// Audited with the inputs: the hash at commit, the seed at reveal.
		const audit = await db
			.selectFrom('audit_log')
			.select(['action', 'detail'])
			.where('action', 'in', ['draw_committed', 'draw_executed'])
			.orderBy('seq')
			.execute();
		const mineAudit = audit
			.filter((a) => a.detail.includes(drawId))
			.map((a) => ({ action: a.action, detail: JSON.parse(a.detail) as Record<string, unknown> }));
		expect(mineAudit.map((a) => a.action)).toEqual(['draw_committed', 'draw_executed']);
		expect(mineAudit[0]!.detail).toMatchObject({ seedHash, planId: plan.id });
		expect(mineAudit[0]!.detail.seed).toBeUndefined();
		expect(mineAudit[1]!.detail).toMatchObject({ seedHash, seed: draw.seed, selection: draw.selection, candidates: draw.candidates });
	});

	/** Everything a pull from zero gives `caller`, as one text to search. */
	async function pullAll(caller: Caller): Promise<string> {
		let cursor = 0;
		const pages: string[] = [];
		for (;;) {
			const path = `/api/sync/pull?cursor=${cursor}&limit=500`;
			const response = await pull((await routeEvent(db, '/api/sync/pull', { method: 'GET', path }, caller)) as never);
			expect(response.status).toBe(200);
			const page = (await response.json()) as { changes: unknown[]; cursor: number; hasMore: boolean };
			pages.push(JSON.stringify(page.changes));
			cursor = page.cursor;
			if (!page.hasMore) return pages.join('\n');
		}
	}

	async function verifyCli(drawId: string) {
		const out: string[] = [];
		const err: string[] = [];
		const code = await runAdminCli(['verify-draw', drawId], {
			stdin: Readable.from(['']),
			stdout: (l) => out.push(l),
			stderr: (l) => err.push(l),
			db
		});
		return { code, out: out.join('\n'), err: err.join('\n') };
	}

	it('npm run admin -- verify-draw re-checks a draw, and fails once its stored candidates are changed', async ({ skip }) => {
		if (kind.skipReason) skip(kind.skipReason);
		const plan = planInput();
		await post(supervisor, plan);
		const drawId = uuidv7();
		await commit(supervisor, plan.id, { id: drawId, sampleSize: 3, excludeVisitedMonths: 0 });
		expect((await verifyCli(drawId)).code).toBe(1); // not executed yet: nothing to check
		const draw = (await execute(supervisor, plan.id, drawId, { assignedInspectorIds: [inspector.user.userId] })).body.draw!;

		const good = await verifyCli(drawId);
		expect(good.code, good.err).toBe(0);
		expect(good.out).toContain(`Kết quả tính lại: ${draw.selection!.join(', ')}`);
		expect(good.out).toContain('Khớp nhật ký kiểm toán: có');

		// Someone with database access drops a drawn unit from the stored candidates.
		const row = await db.selectFrom('plan_draws').select('result').where('id', '=', drawId).executeTakeFirstOrThrow();
		const result = JSON.parse(row.result!) as { candidates: { code: string }[] };
		result.candidates = result.candidates.filter((c) => c.code !== draw.selection![0]);
		await db
			.updateTable('plan_draws')
			.set({ result: JSON.stringify(result) })
			.where('id', '=', drawId)
			.execute();
		const bad = await verifyCli(drawId);
		expect(bad.code).toBe(1);
		expect(bad.out).toContain('Khớp kết quả đã công bố');
		expect(bad.out).toMatch(/Khớp kết quả đã công bố .*: KHÔNG/);
		expect(bad.out).toContain('Khớp nhật ký kiểm toán: KHÔNG');
		expect((await verifyCli(uuidv7())).code).toBe(1);
	});

	it('the team is picked from the province’s active inspectors and supervisors, and every drawn visit carries it', async ({ skip }) => {
		if (kind.skipReason) skip(kind.skipReason);
		const secretary = await createCaller(db, 'inspector', { provinceCode: 1 }, 'thư ký');
		const disabled = await createCaller(db, 'inspector', { provinceCode: 1 }, 'nghỉ');
		await db.updateTable('users').set({ disabled: 1 }).where('id', '=', disabled.user.userId).execute();
		const plan = planInput();
		await post(supervisor, plan);

		// Minimal answers: id, name and role of the province's active inspectors and supervisors only.
		const listed = (await candidates(supervisor, plan.id)) as unknown as { status: number; body: { accounts: Record<string, unknown>[] } };
		expect(listed.status).toBe(200);
		const ids = listed.body.accounts.map((a) => a.id);
		expect(ids).toEqual(expect.arrayContaining([supervisor.user.userId, inspector.user.userId, secretary.user.userId]));
		for (const outside of [disabled, ward, supervisorQ]) expect(ids).not.toContain(outside.user.userId);
		for (const a of listed.body.accounts) expect(Object.keys(a).sort()).toEqual(['id', 'name', 'role']);
		expect(listed.body.accounts.find((a) => a.id === supervisor.user.userId)).toEqual({
			id: supervisor.user.userId,
			name: supervisor.user.displayName,
			role: 'supervisor'
		});

		const drawId = uuidv7();
		await commit(supervisor, plan.id, { id: drawId, sampleSize: 2, excludeVisitedMonths: 0 });
		const noLeader = await execute(supervisor, plan.id, drawId, { team: [{ userId: inspector.user.userId, role: 'thanh_vien' }] });
		expect([noLeader.status, noLeader.body.error?.code, noLeader.body.error?.field]).toEqual([400, 'invalid_request', 'team']);
		const outsider = await execute(supervisor, plan.id, drawId, {
			team: [
				{ userId: inspector.user.userId, role: 'truong_doan' },
				{ userId: disabled.user.userId, role: 'thanh_vien' }
			]
		});
		expect([outsider.status, outsider.body.error?.code, outsider.body.error?.field]).toEqual([400, 'inspector_disabled', 'team.1.userId']);
		// Nothing was drawn by the refused attempts: the draw is still open.
		expect((await readDraw(supervisor, plan.id, drawId)).body.draw?.status).toBe('committed');

		const team = [
			{ userId: secretary.user.userId, role: 'thu_ky' as const },
			{ userId: supervisor.user.userId, role: 'truong_doan' as const },
			{ userId: inspector.user.userId, role: 'thanh_vien' as const }
		];
		const draw = (await execute(supervisor, plan.id, drawId, { team })).body.draw!;
		expect(draw.inspectionIds).toHaveLength(2);
		for (const id of draw.inspectionIds!) {
			const row = await db.selectFrom('inspections').select('data').where('id', '=', id).executeTakeFirstOrThrow();
			const doc = JSON.parse(row.data) as { team: { userId: string; name: string; role: string }[] };
			expect(doc.team.map((m) => [m.userId, m.name, m.role])).toEqual([
				[supervisor.user.userId, supervisor.user.displayName, 'truong_doan'],
				[inspector.user.userId, inspector.user.displayName, 'thanh_vien'],
				[secretary.user.userId, secretary.user.displayName, 'thu_ky']
			]);
		}
		// Each member pulls the visits they are on.
		const visits = (await call(listVisits as Handler, secretary, '/api/plans/inspections', '/api/plans/inspections', {})) as unknown as {
			body: { plans: PlannedInspection[] };
		};
		expect(visits.body.plans.map((p) => p.id).sort()).toEqual([...draw.inspectionIds!].sort());
	});

	it('the default sample is the coverage target of the units in scope, rounded up', async ({ skip }) => {
		if (kind.skipReason) skip(kind.skipReason);
		const plan = planInput({ coverageTargetPercent: 25 });
		await post(supervisor, plan);
		const drawId = uuidv7();
		await commit(supervisor, plan.id, { id: drawId, excludeVisitedMonths: 0 });
		const draw = (await execute(supervisor, plan.id, drawId, { assignedInspectorIds: [inspector.user.userId] })).body.draw!;
		expect(draw.rule?.sampleSize).toBe(3); // ceil(25 % × 10)
		expect(draw.excluded).toEqual([]);
	});

	it('wards and inspectors are refused by role before any lookup; another province gets 404 as for none', async ({ skip }) => {
		if (kind.skipReason) skip(kind.skipReason);
		const plan = planInput();
		await post(supervisor, plan);
		const drawId = uuidv7();
		await commit(supervisor, plan.id, { id: drawId });
		const missing = uuidv7();
		for (const outsider of [ward, unassigned, inspector]) {
			expect((await call(listPlans as Handler, outsider, '/api/plans', '/api/plans', {})).status).toBe(403);
			for (const id of [plan.id, missing]) {
				const answers = [
					await read(outsider, id),
					await readDraw(outsider, id, drawId),
					await commit(outsider, id, { id: uuidv7() }),
					await execute(outsider, id, drawId, { assignedInspectorIds: [inspector.user.userId] }),
					await candidates(outsider, id)
				];
				// The same refusal whether the plan exists or not.
				expect(answers.map((a) => [a.status, a.body.error?.code])).toEqual(answers.map(() => [403, 'forbidden']));
			}
			expect((await post(outsider, planInput())).status).toBe(403);
		}
		// Another province's supervisor: 404, the same as for a plan that does not exist.
		expect((await read(supervisorQ, plan.id)).body.error?.code).toBe('plan_not_found');
		expect((await read(supervisorQ, missing)).body.error?.code).toBe('plan_not_found');
		expect((await readDraw(supervisorQ, plan.id, drawId)).status).toBe(404);
		expect((await candidates(supervisorQ, plan.id)).body.error?.code).toBe('plan_not_found');
		expect((await commit(supervisorQ, plan.id, { id: uuidv7() })).status).toBe(404);
		expect((await call(listPlans as Handler, supervisorQ, '/api/plans', '/api/plans', {})).body.plans?.map((p) => p.id)).not.toContain(
			plan.id
		);
		// The draw was not executed by any of them.
		expect((await read(supervisor, plan.id)).body.draws?.[0]?.status).toBe('committed');
	});
});
