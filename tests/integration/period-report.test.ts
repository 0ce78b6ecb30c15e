/**
 * The periodic report (issue 18, must-shows 1 and 8; docs/reports.md) on both databases: a
 * hand-computed fixture of two units across Q3 2025 and Q2 and Q3 2026 — scores, coverage against
 * plans, fixes on time, late, overdue and pending, two repeat findings and one in the previous
 * quarter, a roster officer — checked number by number for the supervisor's province and the
 * ward's unit, through the real route handler.
 *
 * Rows are written straight into the tables so every status, date and event is exactly the one the
 * numbers are computed from. Only two items are answered per record (X and Y: pass items of weight
 * 1 in the template's first section), so a record's overall score is the share of them that pass.
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import type { PeriodReport } from '$lib/domain/reports';
import type { SignedInUser } from '$lib/server/auth';
import { buildPeriodReport, recountSummaries, unitNames } from '$lib/server/reports';
import { withRosterTable } from '$lib/server/roster/roster-table';
import { defaultTemplate } from '$lib/templates';
import { GET as getReport } from '../../src/routes/api/reports/+server';
import { createCaller } from './support/callers';
import { insertFinding, insertRecord } from './support/report-rows';
import { callRoute } from './support/route-calls';
import { useServerDatabase, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const HA_NOI = 1;
const BA_DINH = 4;
const HOAN_KIEM = 70;
const section = defaultTemplate.sections[0]!;
const [X, Y] = section.items.filter((i) => i.kind === 'pass' && !i.perOfficer && i.weight === 1);
const Z = defaultTemplate.sections.flatMap((s) => s.items.map((i) => ({ ...i, sectionId: s.id }))).find((i) => i.perOfficer)!;
const T = '2026-01-01T00:00:00.000Z';

describe.each(testDatabases)('the periodic report on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });

	const ids = {
		E0: uuidv7(),
		P1: uuidv7(),
		A1: uuidv7(),
		A2: uuidv7(),
		B1: uuidv7(),
		S1: uuidv7(),
		D1: uuidv7(),
		PL1: uuidv7(),
		PL2: uuidv7()
	};
	const findings = { e0y: uuidv7(), p1y: uuidv7(), a1x: uuidv7(), a1y: uuidv7(), a2y: uuidv7(), a2z: uuidv7(), s1x: uuidv7() };
	const rosterId = uuidv7();
	const officerRow = { a1: uuidv7(), a2: uuidv7() };

	async function inspection(
		id: string,
		unitCode: number,
		startedAt: string,
		status: string,
		answers: { x?: 'pass' | 'fail'; y?: 'pass' | 'fail' },
		extra: { kind?: 'official' | 'self'; windowStart?: string } = {}
	) {
		await insertRecord(ctx.db, { id, unitCode, startedAt, status, ...extra });
		for (const [item, result] of [
			[X!, answers.x],
			[Y!, answers.y]
		] as const)
			if (result)
				await ctx.db
					.insertInto('answers')
					.values({
						inspection_id: id,
						item_id: item.id,
						officer_id: '',
						value: JSON.stringify({ kind: 'pass', result }),
						note: '',
						answered_at: T,
						version: 1,
						updated_at: T
					})
					.execute();
	}

	async function finding(
		id: string,
		inspectionId: string,
		item: { id: string; text: string },
		sectionId: string,
		f: { deadline: string; status: string; critical?: boolean; fixedAt?: string; officerIds?: string[] }
	) {
		await insertFinding(ctx.db, { id, inspectionId, item, sectionId, ...f });
		if (f.fixedAt)
			await ctx.db
				.insertInto('finding_events')
				.values({
					id: uuidv7(),
					finding_id: id,
					inspection_id: inspectionId,
					kind: 'fixReported',
					actor_user_id: 'ward-1',
					at: new Date(f.fixedAt).toISOString(),
					data: '{}',
					version: 1
				})
				.execute();
	}

	async function officer(id: string, inspectionId: string) {
		await ctx.db
			.insertInto('officers')
			.values({
				id,
				inspection_id: inspectionId,
				name: 'Lê Văn Cường',
				position: 'Công chức',
				desk: 'Quầy 1',
				sort_order: 0,
				roster_id: rosterId,
				version: 1,
				updated_at: T
			})
			.execute();
	}

	async function fixture() {
		// Q3 2025: Ba Đình failed Y, which its next visit (in Q2 2026, after a quarter without one) failed again.
		await inspection(ids.E0, BA_DINH, '2025-09-15T09:00:00+07:00', 'approved', { x: 'pass', y: 'fail' });
		await finding(findings.e0y, ids.E0, Y!, section.id, {
			deadline: '2025-10-15',
			status: 'verified',
			fixedAt: '2025-10-01T10:00:00+07:00'
		});
		// Q2: Ba Đình's last visit before the quarter failed Y.
		await inspection(ids.P1, BA_DINH, '2026-05-10T09:00:00+07:00', 'approved', { x: 'pass', y: 'fail' });
		await finding(findings.p1y, ids.P1, Y!, section.id, {
			deadline: '2026-06-10',
			status: 'verified',
			fixedAt: '2026-06-01T10:00:00+07:00'
		});
		// Q3, Ba Đình: 1 July 06:30 in Hanoi is still 30 June in UTC, and belongs to Q3.
		await inspection(ids.A1, BA_DINH, '2026-07-01T06:30:00+07:00', 'approved', { x: 'fail', y: 'fail' });
		await finding(findings.a1x, ids.A1, X!, section.id, {
			deadline: '2026-08-05',
			status: 'verified',
			critical: true,
			fixedAt: '2026-08-01T09:00:00+07:00'
		});
		// Fixed on 6 August in Hanoi (23:30 on the 5th in UTC): one day late.
		await finding(findings.a1y, ids.A1, Y!, section.id, {
			deadline: '2026-08-05',
			status: 'fixReported',
			fixedAt: '2026-08-06T06:30:00+07:00'
		});
		await officer(officerRow.a1, ids.A1);
		await inspection(ids.A2, BA_DINH, '2026-09-01T09:00:00+07:00', 'submitted', { x: 'pass', y: 'fail' }, { windowStart: '2026-08-25' });
		await finding(findings.a2y, ids.A2, Y!, section.id, { deadline: '2026-09-30', status: 'open' });
		await finding(findings.a2z, ids.A2, Z, Z.sectionId, {
			deadline: '2026-10-20',
			status: 'reopened',
			critical: true,
			officerIds: [officerRow.a2],
			fixedAt: '2026-10-01T09:00:00+07:00'
		});
		await officer(officerRow.a2, ids.A2);
		// Q3, Hoàn Kiếm: one clean visit; a self-inspection and a draft that must not count; a planned visit not made.
		await inspection(ids.B1, HOAN_KIEM, '2026-08-15T09:00:00+07:00', 'approved', { x: 'pass', y: 'pass' });
		await inspection(ids.S1, HOAN_KIEM, '2026-08-16T09:00:00+07:00', 'approved', { x: 'fail' }, { kind: 'self' });
		await finding(findings.s1x, ids.S1, X!, section.id, { deadline: '2026-08-20', status: 'open', critical: true });
		await inspection(ids.D1, HOAN_KIEM, '2026-08-17T09:00:00+07:00', 'draft', { x: 'fail' });
		await inspection(ids.PL1, HOAN_KIEM, '2026-09-20T00:00:00+07:00', 'planned', {}, { windowStart: '2026-09-20' });
		await inspection(ids.PL2, HOAN_KIEM, '2026-10-05T00:00:00+07:00', 'planned', {}, { windowStart: '2026-10-05' });
		await withRosterTable(ctx.db)
			.insertInto('roster_officers')
			.values({
				id: rosterId,
				unit_code: BA_DINH,
				province_code: HA_NOI,
				name: 'Lê Văn Cường',
				position: 'Công chức',
				field: '',
				active: 1,
				created_at: T,
				updated_at: T,
				created_by: null
			})
			.execute();
	}

	const Q3 = { kind: 'quarter', year: 2026, quarter: 3 } as const;
	const today = '2026-10-15';

	it('the supervisor’s province: every number equals the hand count', async () => {
		await fixture();
		const report = await buildPeriodReport(ctx.db, ctx.newActor('supervisor'), { period: Q3, today });
		const communes = (await unitNames()).communeCodes(HA_NOI).length;
		expect(report.scope).toMatchObject({ kind: 'province', provinceCode: HA_NOI });
		expect(report.countedStatuses).toEqual(['submitted', 'approved']);
		expect(report.totals).toEqual({
			planned: 2,
			plannedDone: 1,
			done: 3,
			units: communes,
			unitsVisited: 2,
			coverage: 2 / communes,
			averageScore: (0 + 0.5 + 1) / 3,
			inspectionsWithCritical: 2,
			findings: 4,
			criticalFindings: 2,
			fixes: { onTime: 1, late: 1, overdue: 1, pending: 1 },
			repeatFindings: 2
		});
		// Q2's one finding repeats the visit of Q3 2025, from before the previous period.
		expect(report.previousTotals).toMatchObject({
			done: 1,
			averageScore: 0.5,
			findings: 1,
			fixes: { onTime: 1, late: 0, overdue: 0, pending: 0 },
			repeatFindings: 1
		});

		const unit = (code: number) => report.units.find((u) => u.unitCode === code)!;
		expect(report.units.slice(0, 2).map((u) => [u.unitCode, u.rank])).toEqual([
			[HOAN_KIEM, 1],
			[BA_DINH, 2]
		]);
		expect(report.units[2]!.rank).toBeNull();
		expect(unit(BA_DINH).figures).toMatchObject({
			planned: 1,
			plannedDone: 1,
			done: 2,
			averageScore: 0.25,
			findings: 4,
			repeatFindings: 2
		});
		expect(unit(BA_DINH).previous).toEqual({ done: 1, averageScore: 0.5, findings: 1, criticalFindings: 0, repeatFindings: 1 });
		expect(unit(HOAN_KIEM).previous.repeatFindings).toBe(0);
		expect(unit(HOAN_KIEM).figures).toMatchObject({ planned: 1, plannedDone: 0, done: 1, coverage: 1, averageScore: 1, findings: 0 });

		expect(report.repeats.map((r) => [r.findingId, r.previousInspectionId])).toEqual([
			[findings.a1y, ids.P1],
			[findings.a2y, ids.A1]
		]);
		const sectionFindings = Object.fromEntries(report.areas.map((a) => [a.sectionId, [a.findings, a.criticalFindings]]));
		expect(report.areas.map((a) => a.sectionId)).toEqual(defaultTemplate.sections.map((s) => s.id));
		if (Z.sectionId === section.id) expect(sectionFindings[section.id]).toEqual([4, 2]);
		else {
			expect(sectionFindings[section.id]).toEqual([3, 1]);
			expect(sectionFindings[Z.sectionId]).toEqual([1, 1]);
		}
		expect(report.items.map((i) => [i.itemId, i.findings, i.units])).toEqual([
			[Y!.id, 2, 1],
			...[
				[X!.id, 1, 1],
				[Z.id, 1, 1]
			].sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'en', { numeric: true }))
		]);
		const factors = new Map<string, number>();
		for (const item of [X!, Y!, Y!, Z]) factors.set(item.sipas, (factors.get(item.sipas) ?? 0) + 1);
		for (const s of report.sipas) expect(s.findings, s.factor).toBe(factors.get(s.factor) ?? 0);
		expect(report.officers).toEqual([
			{
				rosterId,
				name: 'Lê Văn Cường',
				position: 'Công chức',
				unitCode: BA_DINH,
				unitName: unit(BA_DINH).unitName,
				visits: 2,
				findings: 1,
				lastVisit: new Date('2026-09-01T09:00:00+07:00').toISOString()
			}
		]);
		expect(report.trend.map((p) => [p.period, p.done, p.findings])).toEqual([
			[{ kind: 'quarter', year: 2025, quarter: 4 }, 0, 0],
			[{ kind: 'quarter', year: 2026, quarter: 1 }, 0, 0],
			[{ kind: 'quarter', year: 2026, quarter: 2 }, 1, 1],
			[{ kind: 'quarter', year: 2026, quarter: 3 }, 3, 4]
		]);
	});

	it('other periods: Q4 holds only the planned visit of October; 9 months and the year hold Q2 and Q3, 2025 the visit of September', async () => {
		const supervisor = ctx.newActor('supervisor');
		const q4 = await buildPeriodReport(ctx.db, supervisor, { period: { kind: 'quarter', year: 2026, quarter: 4 }, today });
		expect(q4.totals).toMatchObject({ planned: 1, plannedDone: 0, done: 0, averageScore: null, findings: 0 });
		const nine = await buildPeriodReport(ctx.db, supervisor, { period: { kind: 'nine-months', year: 2026 }, today });
		// Q2's finding repeats September 2025's, outside the 9 months of either year.
		expect(nine.totals).toMatchObject({ done: 4, findings: 5, averageScore: (0.5 + 0 + 0.5 + 1) / 4, repeatFindings: 3 });
		expect(nine.previousTotals).toMatchObject({ done: 1, findings: 1, repeatFindings: 0 });
		const year = await buildPeriodReport(ctx.db, supervisor, { period: { kind: 'year', year: 2026 }, today });
		expect(year.totals).toMatchObject({ done: 4, findings: 5, repeatFindings: 3 });
		expect(year.previousTotals).toMatchObject({ done: 1, findings: 1, repeatFindings: 0 });
		expect(q4.previousTotals).toMatchObject({ done: 3, findings: 4, repeatFindings: 2 });
		const custom = await buildPeriodReport(ctx.db, supervisor, {
			period: { kind: 'custom', start: '2026-07-01', end: '2026-07-01' },
			today
		});
		expect(custom.totals).toMatchObject({ done: 1, findings: 2, repeatFindings: 1 });
	});

	it('the ward’s unit: approved records only, no plans, and no other unit', async () => {
		const ward: SignedInUser = (await createCaller(ctx.db, 'ward', { provinceCode: HA_NOI, unitCode: BA_DINH })).user;
		const { status, body } = await callRoute(getReport, { as: ward, path: '/api/reports?period=2026-Q3' });
		expect(status).toBe(200);
		const report = (body as { report: PeriodReport }).report;
		expect(report.scope).toMatchObject({ kind: 'unit', unitCode: BA_DINH });
		expect(report.countedStatuses).toEqual(['approved']);
		expect(report.totals).toEqual({
			planned: null,
			plannedDone: null,
			done: 1,
			units: 1,
			unitsVisited: 1,
			coverage: 1,
			averageScore: 0,
			inspectionsWithCritical: 1,
			findings: 2,
			criticalFindings: 1,
			fixes: { onTime: 1, late: 1, overdue: 0, pending: 0 },
			repeatFindings: 1
		});
		expect(report.previousTotals).toMatchObject({ done: 1, findings: 1, repeatFindings: 1 });
		expect(report.units.map((u) => u.unitCode)).toEqual([BA_DINH]);
		expect(report.officers.map((o) => [o.visits, o.findings])).toEqual([[1, 0]]);

		const other = await callRoute(getReport, { as: ward, path: `/api/reports?period=2026-Q3&unit=${HOAN_KIEM}` });
		expect(other).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
		await expect(buildPeriodReport(ctx.db, ctx.newActor('ward', { unitCode: null }), { period: Q3, today })).rejects.toMatchObject({
			status: 403
		});
	});

	it('read from the record summaries, the fixture’s report equals the one after a full recount', async () => {
		const supervisor = ctx.newActor('supervisor');
		const read = async () => {
			const { generatedAt: _g, ...report } = await buildPeriodReport(ctx.db, supervisor, { period: Q3, today });
			return report;
		};
		const summarised = await read();
		await recountSummaries(ctx.db);
		expect(await read()).toEqual(summarised);
		expect(summarised.totals.done).toBe(3);
	});

	it('a supervisor reads one unit of the province; inspectors, other provinces and bad periods are refused', async () => {
		const supervisor = (await createCaller(ctx.db, 'supervisor', { provinceCode: HA_NOI })).user;
		const one = await callRoute(getReport, { as: supervisor, path: `/api/reports?period=2026-Q3&unit=${HOAN_KIEM}` });
		expect(one.status).toBe(200);
		expect((one.body as { report: PeriodReport }).report.totals).toMatchObject({ done: 1, planned: 1, averageScore: 1 });

		const inspector = (await createCaller(ctx.db, 'inspector', { provinceCode: HA_NOI })).user;
		expect(await callRoute(getReport, { as: inspector, path: '/api/reports?period=2026-Q3' })).toMatchObject({ status: 403 });
		const hcm = (await createCaller(ctx.db, 'supervisor', { provinceCode: 79 })).user;
		expect(await callRoute(getReport, { as: hcm, path: `/api/reports?period=2026-Q3&unit=${HOAN_KIEM}` })).toMatchObject({ status: 404 });
		const hcmReport = await callRoute(getReport, { as: hcm, path: '/api/reports?period=2026-Q3' });
		expect((hcmReport.body as { report: PeriodReport }).report.totals.done).toBe(0);
		expect(await callRoute(getReport, { as: supervisor, path: '/api/reports?period=2026-Q5' })).toMatchObject({
			status: 400,
			body: { error: { code: 'invalid_request', field: 'period', message: 'invalid_period' } }
		});
		expect(await callRoute(getReport, { as: null, path: '/api/reports?period=2026-Q3' })).toMatchObject({ status: 401 });
	});
});
