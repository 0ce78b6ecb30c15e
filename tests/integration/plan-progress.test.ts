/**
 * The supervisor's view of the plans (issue 16, must-show 6; docs/plans.md) through the real
 * route handlers, on both databases: a plan is drawn, its visits moved to each progress, and the
 * counts, the list filters and the coverage compared with a hand-made fixture. Self-inspections,
 * visits of another type, outside the period or the scope, and other provinces' rows are left
 * out; wards and inspectors are refused, another province's plan is not found.
 */
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, vietnamDate } from '$lib/domain/dates';
import { uuidv7 } from '$lib/domain/ids';
import type { PlanProgress, PlanVisitsAnswer } from '$lib/domain/protocol/plan-visits';
import type { CreatePlan, Draw } from '$lib/domain/protocol/plans';
import { closeDatabase, getDatabase, type Database } from '$lib/server/db';
import { POST as createPlan } from '../../src/routes/api/plans/+server';
import { GET as getProgress } from '../../src/routes/api/plans/[id]/progress/+server';
import { POST as commitDraw } from '../../src/routes/api/plans/[id]/draws/+server';
import { POST as executeDraw } from '../../src/routes/api/plans/[id]/draws/[drawId]/execute/+server';
import { GET as getVisits } from '../../src/routes/api/plans/visits/+server';
import { createCaller, routeEvent, type Caller } from './support/callers';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

type Handler = (event: never) => Promise<Response>;

/** Ten communes of Hà Nội (province 1). */
const SCOPE = [4, 8, 25, 70, 82, 91, 97, 103, 118, 127];

describe.each(testDatabases)("the supervisor's view of a plan on $name", (kind) => {
	const ctx = useSyncContext(kind, { migrate: false });
	const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
	let db: Kysely<Database>;
	let supervisor: Caller, supervisorQ: Caller, inspector: Caller, ward: Caller, nationalAdmin: Caller;
	const today = vietnamDate();
	const day = (n: number) => addDays(today, n);
	let planId: string;
	let visitIds: string[];
	let selection: number[];

	async function call<T>(
		handler: Handler,
		caller: Caller,
		routeId: string,
		path: string,
		params: Record<string, string> = {},
		body?: unknown
	) {
		const request = {
			method: body === undefined ? 'GET' : 'POST',
			path,
			params,
			...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
		};
		const response = await handler((await routeEvent(db, routeId, request, caller)) as never);
		return { status: response.status, body: (await response.json()) as T & { error?: { code: string; field?: string } } };
	}
	const progress = (caller: Caller, id: string) =>
		call<PlanProgress>(getProgress as Handler, caller, '/api/plans/[id]/progress', `/api/plans/${id}/progress`, { id });
	const visits = (caller: Caller, query: string) =>
		call<PlanVisitsAnswer>(getVisits as Handler, caller, '/api/plans/visits', `/api/plans/visits?${query}`);

	/** A record written straight to the table, as the inspector's device would have made it. */
	async function record(fields: {
		unitCode: number;
		status: string;
		startedOn: string;
		kind?: 'official' | 'self';
		provinceCode?: number;
		type?: string;
	}) {
		const id = uuidv7();
		const startedAt = `${fields.startedOn}T09:00:00+07:00`;
		const doc = {
			id,
			unit: { code: fields.unitCode, name: `Đơn vị ${fields.unitCode}`, provinceCode: fields.provinceCode ?? 1, provinceName: 'Tỉnh' },
			team: [{ name: 'Nguyễn Văn A', role: 'truong_doan', position: '', organisation: '' }],
			...(fields.type && { inspectionType: fields.type }),
			status: fields.status
		};
		await db
			.insertInto('inspections')
			.values({
				id,
				kind: fields.kind ?? 'official',
				status: fields.status,
				owner_user_id: inspector.user.userId,
				unit_code: fields.unitCode,
				province_code: fields.provinceCode ?? 1,
				template_id: 'default',
				template_version: '1',
				created_at: startedAt,
				started_at: startedAt,
				ended_at: null,
				submitted_at: null,
				window_start: null,
				window_end: null,
				published_version: null,
				record_number: null,
				record_year: null,
				data: JSON.stringify(doc),
				version: 1,
				updated_at: startedAt
			})
			.execute();
		return id;
	}

	beforeAll(async () => {
		if (kind.skipReason) return;
		process.env.DATA_DIR = join(ctx.fresh.dataDir, 'server');
		if (ctx.fresh.databaseUrl) process.env.DATABASE_URL = ctx.fresh.databaseUrl;
		else delete process.env.DATABASE_URL;
		db = (await getDatabase()).db;
		supervisor = await createCaller(db, 'supervisor', { provinceCode: 1 });
		supervisorQ = await createCaller(db, 'supervisor', { provinceCode: 79 });
		inspector = await createCaller(db, 'inspector', { provinceCode: 1 });
		ward = await createCaller(db, 'ward', { provinceCode: 1, unitCode: 70 });
		nationalAdmin = await createCaller(db, 'admin', { provinceCode: null });

		// The plan: ten units, a window of 40 days either side of today, 10 % target; six drawn.
		const plan: CreatePlan = {
			id: uuidv7(),
			provinceCode: 1,
			title: 'Kiểm tra đột xuất',
			period: { kind: 'custom', start: day(-40), end: day(40) },
			scope: { kind: 'units', unitCodes: SCOPE },
			inspectionType: 'dot_xuat',
			topic: '',
			decision: { number: '12/QĐ-UBND', date: day(-45), signer: 'Chủ tịch UBND' },
			coverageTargetPercent: 10,
			windowStart: day(-40),
			windowEnd: day(40)
		};
		planId = plan.id;
		expect((await call(createPlan as Handler, supervisor, '/api/plans', '/api/plans', {}, plan)).status).toBe(201);
		const committed = await call<{ draw: Draw }>(
			commitDraw as Handler,
			supervisor,
			'/api/plans/[id]/draws',
			`/api/plans/${planId}/draws`,
			{ id: planId },
			{
				id: uuidv7(),
				sampleSize: 6,
				excludeVisitedMonths: 0,
				handPicks: []
			}
		);
		const drawId = committed.body.draw.id;
		const executed = await call<{ draw: Draw }>(
			executeDraw as Handler,
			supervisor,
			'/api/plans/[id]/draws/[drawId]/execute',
			`/api/plans/${planId}/draws/${drawId}/execute`,
			{ id: planId, drawId },
			{ assignedInspectorIds: [inspector.user.userId] }
		);
		expect(executed.status).toBe(200);
		visitIds = executed.body.draw.inspectionIds!;
		selection = executed.body.draw.selection!.map(Number);
		expect(visitIds).toHaveLength(6);

		// Move the drawn visits to each progress, as starting and submitting them would.
		const set = (id: string, values: Partial<{ status: string; started_at: string; window_end: string }>) =>
			db.updateTable('inspections').set(values).where('id', '=', id).execute();
		const [, started, submitted, approved, returnedLate, plannedLate] = visitIds as [string, string, string, string, string, string];
		await set(started, { status: 'draft', started_at: `${day(-5)}T08:00:00+07:00` });
		await set(submitted, { status: 'submitted', started_at: `${day(-10)}T08:00:00+07:00` });
		await set(approved, { status: 'approved', started_at: `${day(-20)}T08:00:00+07:00` });
		await set(returnedLate, { status: 'returned', started_at: `${day(-30)}T08:00:00+07:00`, window_end: day(-1) });
		await set(plannedLate, { window_end: day(-2) });

		// Outside the draw: units of the scope that were not drawn.
		const [free1, free2, free3, free4] = SCOPE.filter((c) => !selection.includes(c)) as [number, number, number, number];
		await record({ unitCode: free1, status: 'approved', startedOn: day(-3) }); // counts: đột xuất by default
		await record({ unitCode: free2, status: 'approved', startedOn: day(-3), kind: 'self' }); // a self-inspection: never
		await record({ unitCode: free3, status: 'approved', startedOn: day(-3), type: 'dinh_ky' }); // another type
		await record({ unitCode: free4, status: 'submitted', startedOn: day(-50) }); // before the period
		await record({ unitCode: 760, status: 'approved', startedOn: day(-3), provinceCode: 79 }); // another province
	});
	afterAll(async () => {
		await closeDatabase();
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	});

	it.skipIf(kind.skipReason)('keeps the plan on each drawn visit in the plan_id column', async () => {
		const rows = await db.selectFrom('inspections').select(['id', 'plan_id']).where('id', 'in', visitIds).execute();
		expect(rows.map((r) => r.plan_id)).toEqual(visitIds.map(() => planId));
	});

	it.skipIf(kind.skipReason)('counts the plan’s visits by progress and its coverage against the target', async () => {
		const answer = await progress(supervisor, planId);
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ planId, today, unitsInScope: 10, counts: { planned: 1, started: 1, done: 2, overdue: 2 } });
		// Two drawn visits done and one visit outside the draw: 3 of 10 units, 30 % ≥ 10 %.
		expect(answer.body.coverage).toEqual([
			{
				period: { kind: 'custom', year: null, quarter: null, start: day(-40), end: day(40) },
				covered: 3,
				inScope: 10,
				percent: 30,
				targetPercent: 10,
				met: true
			}
		]);
	});

	it.skipIf(kind.skipReason)('lists the plan’s visits with their progress, and one progress only when asked', async () => {
		const all = await visits(supervisor, `planId=${planId}`);
		expect(all.status).toBe(200);
		expect(all.body.counts).toEqual({ planned: 1, started: 1, done: 2, overdue: 2 });
		const byId = new Map(all.body.visits.map((v) => [v.id, v]));
		expect(visitIds.map((id) => byId.get(id)?.progress)).toEqual(['planned', 'started', 'done', 'done', 'overdue', 'overdue']);
		expect(byId.get(visitIds[0]!)).toMatchObject({ planId, status: 'planned', windowStart: day(-40), windowEnd: day(40), startedOn: null });
		expect(byId.get(visitIds[1]!)).toMatchObject({ status: 'draft', startedOn: day(-5) });

		const overdue = await visits(supervisor, `planId=${planId}&status=overdue`);
		expect(overdue.body.visits.map((v) => v.id).sort()).toEqual([visitIds[4], visitIds[5]].sort());
		expect(overdue.body.counts).toEqual(all.body.counts);
	});

	it.skipIf(kind.skipReason)('lists a span of dates: planned and unplanned official visits of the province only', async () => {
		const answer = await visits(supervisor, `from=${day(-7)}&to=${day(7)}`);
		expect(answer.status).toBe(200);
		// The six drawn visits (windows meet the span) and the two official visits made three days ago.
		expect(answer.body.visits).toHaveLength(8);
		expect(answer.body.visits.every((v) => SCOPE.includes(v.unit.code))).toBe(true);
		expect(answer.body.counts).toEqual({ planned: 1, started: 1, done: 4, overdue: 2 });
		const unplanned = answer.body.visits.filter((v) => v.planId === null);
		expect(unplanned.map((v) => v.startedOn)).toEqual([day(-3), day(-3)]);

		// The visit before the period is found by its own date.
		const earlier = await visits(supervisor, `from=${day(-51)}&to=${day(-49)}`);
		expect(earlier.body.visits.filter((v) => v.planId === null).map((v) => v.startedOn)).toEqual([day(-50)]);
	});

	it.skipIf(kind.skipReason)('keeps each province to its own', async () => {
		expect((await progress(supervisorQ, planId)).body.error?.code).toBe('plan_not_found');
		expect((await visits(supervisorQ, `planId=${planId}`)).status).toBe(404);
		const theirs = await visits(supervisorQ, `from=${day(-7)}&to=${day(7)}`);
		expect(theirs.body.visits.map((v) => v.unit.code)).toEqual([760]);
		expect((await visits(supervisor, `from=${day(-7)}&to=${day(7)}&province=79`)).status).toBe(403);
		// A national admin names the province.
		expect((await visits(nationalAdmin, `from=${day(-7)}&to=${day(7)}`)).body.error?.code).toBe('province_required');
		expect((await visits(nationalAdmin, `from=${day(-7)}&to=${day(7)}&province=1`)).body.visits).toHaveLength(8);
		expect((await progress(nationalAdmin, planId)).body.counts).toEqual({ planned: 1, started: 1, done: 2, overdue: 2 });
	});

	it.skipIf(kind.skipReason)('refuses wards and inspectors before any lookup', async () => {
		for (const caller of [ward, inspector]) {
			expect((await progress(caller, planId)).status).toBe(403);
			expect((await visits(caller, `planId=${planId}`)).status).toBe(403);
			expect((await visits(caller, `from=${day(-7)}&to=${day(7)}`)).status).toBe(403);
		}
	});

	it.skipIf(kind.skipReason)('asks for a plan or a span of dates, of at most 400 days', async () => {
		expect((await visits(supervisor, '')).body.error).toMatchObject({ code: 'invalid_request', field: 'from' });
		expect((await visits(supervisor, `from=${day(0)}&to=${day(401)}`)).body.error).toMatchObject({ code: 'invalid_request', field: 'to' });
		expect((await visits(supervisor, `from=${day(1)}&to=${day(0)}`)).status).toBe(400);
		expect((await visits(supervisor, `planId=${planId}&status=lost`)).status).toBe(400);
		expect((await progress(supervisor, 'not-an-id')).status).toBe(404);
	});
});
