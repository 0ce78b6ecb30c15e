import { describe, expect, it } from 'vitest';
import { assemblePeriodReport, fixStanding, lastVisits, type AssemblyInput, type PeriodData, type ReportFinding } from './report-assembly';

const finding = (over: Partial<ReportFinding> & Pick<ReportFinding, 'id' | 'inspectionId' | 'unitCode' | 'itemId'>): ReportFinding => ({
	sectionId: over.itemId.slice(0, 1),
	title: `Mục ${over.itemId}`,
	critical: false,
	deadline: '2026-08-01',
	status: 'open',
	officerIds: [],
	fixedOn: null,
	...over
});

const empty: PeriodData = { inspections: [], findings: [], planned: [], officerVisits: [] };

/** Three units in Q3 2026: 1 visited twice, 2 once, 3 not at all; judged on 2026-09-15. */
function input(): AssemblyInput {
	const current: PeriodData = {
		inspections: [
			{ id: 'i1', unitCode: 1, startedAt: '2026-07-02T01:00:00.000Z', score: 0.8 },
			{ id: 'i2', unitCode: 1, startedAt: '2026-08-20T01:00:00.000Z', score: 0.6 },
			{ id: 'i3', unitCode: 2, startedAt: '2026-07-10T01:00:00.000Z', score: 0.7 }
		],
		findings: [
			finding({ id: 'f1', inspectionId: 'i1', unitCode: 1, itemId: 'A1', status: 'verified', fixedOn: '2026-07-20' }),
			finding({ id: 'f2', inspectionId: 'i1', unitCode: 1, itemId: 'B2', critical: true, status: 'fixReported', fixedOn: '2026-08-05' }),
			finding({ id: 'f3', inspectionId: 'i2', unitCode: 1, itemId: 'A1', deadline: '2026-09-10' }),
			finding({ id: 'f4', inspectionId: 'i2', unitCode: 1, itemId: 'C3', deadline: '2026-09-30', officerIds: ['o2'] }),
			finding({ id: 'f5', inspectionId: 'i3', unitCode: 2, itemId: 'B2', status: 'reopened', deadline: '2026-09-15' })
		],
		planned: [
			{ unitCode: 1, done: true },
			{ unitCode: 3, done: false }
		],
		officerVisits: [
			{ inspectionId: 'i1', officerId: 'o1', rosterId: 'r1', unitCode: 1, startedAt: '2026-07-02T01:00:00.000Z' },
			{ inspectionId: 'i2', officerId: 'o2', rosterId: 'r1', unitCode: 1, startedAt: '2026-08-20T01:00:00.000Z' }
		]
	};
	return {
		period: { kind: 'quarter', year: 2026, quarter: 3 },
		previousPeriod: { kind: 'quarter', year: 2026, quarter: 2 },
		scope: { kind: 'province', provinceCode: 1, provinceName: 'Hà Nội' },
		today: '2026-09-15',
		generatedAt: '2026-09-15T03:00:00.000Z',
		countedStatuses: ['submitted', 'approved'],
		units: [
			{ code: 1, name: 'Phường Một' },
			{ code: 2, name: 'Phường Hai' },
			{ code: 3, name: 'Phường Ba' }
		],
		current,
		previous: {
			...empty,
			inspections: [{ id: 'p1', unitCode: 2, startedAt: '2026-05-01T01:00:00.000Z', score: 0.5 }],
			findings: [
				finding({ id: 'g1', inspectionId: 'p1', unitCode: 2, itemId: 'B2', status: 'verified', fixedOn: '2026-05-20' }),
				finding({ id: 'g2', inspectionId: 'p1', unitCode: 2, itemId: 'D1', status: 'verified', fixedOn: '2026-05-20' })
			]
		},
		earlier: [{ period: { kind: 'quarter', year: 2026, quarter: 1 }, data: empty }],
		previousVisits: new Map([[2, { inspectionId: 'p1', startedAt: '2026-05-01T01:00:00.000Z', itemIds: ['B2', 'D1'] }]]),
		// Unit 2's visit of 2025 failed D1, which p1 (Q2) failed again; unit 3's was clean.
		visitsBeforePrevious: new Map([
			[2, { inspectionId: 'p0', startedAt: '2025-11-03T01:00:00.000Z', itemIds: ['D1'] }],
			[3, { inspectionId: 'q0', startedAt: '2025-12-01T01:00:00.000Z', itemIds: [] }]
		]),
		sections: [
			{ id: 'A', title: 'Niêm yết' },
			{ id: 'B', title: 'Tiếp nhận' },
			{ id: 'C', title: 'Công chức' },
			{ id: 'D', title: 'Kết quả' }
		],
		itemFactors: new Map([
			['A1', 'TC'],
			['B2', 'TT'],
			['C3', 'CC']
		]),
		roster: [{ id: 'r1', name: 'Lê Văn Cường', position: 'Công chức', unitCode: 1 }],
		voice: []
	};
}

describe('assembling a period report', () => {
	it('a fix on or before the deadline is on time, after it late; without one, overdue past the deadline, else pending', () => {
		expect(fixStanding({ status: 'verified', deadline: '2026-08-01', fixedOn: '2026-08-01' }, '2026-09-01')).toBe('onTime');
		expect(fixStanding({ status: 'fixReported', deadline: '2026-08-01', fixedOn: '2026-08-02' }, '2026-09-01')).toBe('late');
		expect(fixStanding({ status: 'reopened', deadline: '2026-08-31', fixedOn: '2026-08-02' }, '2026-09-01')).toBe('overdue');
		expect(fixStanding({ status: 'open', deadline: '2026-09-01', fixedOn: null }, '2026-09-01')).toBe('pending');
	});

	it('totals, per-unit figures, ranking, areas, items, SIPAS, repeats, officers and the trend', () => {
		const report = assemblePeriodReport(input());
		expect(report.range).toMatchObject({ start: '2026-07-01', end: '2026-09-30' });
		expect(report.totals).toEqual({
			planned: 2,
			plannedDone: 1,
			done: 3,
			units: 3,
			unitsVisited: 2,
			coverage: 2 / 3,
			averageScore: (0.8 + 0.6 + 0.7) / 3,
			inspectionsWithCritical: 1,
			findings: 5,
			criticalFindings: 1,
			fixes: { onTime: 1, late: 1, overdue: 1, pending: 2 },
			repeatFindings: 2
		});
		expect(report.units.map((u) => [u.unitCode, u.rank, u.figures.averageScore?.toFixed(6)])).toEqual([
			[2, 1, '0.700000'],
			[1, 2, '0.700000'],
			[3, null, undefined]
		]);
		// Equal scores: the unit with fewer critical findings ranks first.
		expect(report.units[1]!.figures.criticalFindings).toBe(1);
		const ranking = assemblePeriodReport({
			...input(),
			current: { ...input().current, findings: input().current.findings.filter((f) => !f.critical) }
		}).units.map((u) => u.rank);
		expect(ranking).toEqual([1, 1, null]);
		const unit2 = report.units.find((u) => u.unitCode === 2)!;
		expect(unit2.previous).toEqual({ done: 1, averageScore: 0.5, findings: 2, criticalFindings: 0, repeatFindings: 1 });
		expect(report.previousTotals).toMatchObject({ done: 1, findings: 2, repeatFindings: 1 });
		expect(unit2.figures).toMatchObject({ done: 1, coverage: 1, planned: 0, fixes: { overdue: 0, pending: 1 }, repeatFindings: 1 });
		expect(report.units.find((u) => u.unitCode === 3)!.figures).toMatchObject({ planned: 1, plannedDone: 0, done: 0, coverage: 0 });

		expect(report.areas).toEqual([
			{ sectionId: 'A', title: 'Niêm yết', findings: 2, criticalFindings: 0 },
			{ sectionId: 'B', title: 'Tiếp nhận', findings: 2, criticalFindings: 1 },
			{ sectionId: 'C', title: 'Công chức', findings: 1, criticalFindings: 0 },
			{ sectionId: 'D', title: 'Kết quả', findings: 0, criticalFindings: 0 }
		]);
		expect(report.items.map((i) => [i.itemId, i.findings, i.units, i.sipas])).toEqual([
			['A1', 2, 1, 'TC'],
			['B2', 2, 2, 'TT'],
			['C3', 1, 1, 'CC']
		]);
		expect(report.sipas).toEqual([
			{ factor: 'TC', findings: 2 },
			{ factor: 'TT', findings: 2 },
			{ factor: 'CC', findings: 1 },
			{ factor: 'KQ', findings: 0 },
			{ factor: 'PA', findings: 0 }
		]);
		// The citizen's voice sits beside the same count, per unit and for the previous period (B2 of p1).
		expect(report.voice.totals.failedItems).toEqual({ TC: 2, TT: 2, CC: 1, KQ: 0, PA: 0 });
		expect(report.voice.previousTotals.failedItems).toEqual({ TC: 0, TT: 1, CC: 0, KQ: 0, PA: 0 });
		expect(report.voice.units.map((u) => [u.unitCode, u.current.failedItems.TC, u.previous.failedItems.TT])).toEqual([
			[1, 2, 0],
			[2, 0, 1],
			[3, 0, 0]
		]);
		expect(report.voice.trend).toHaveLength(report.trend.length);
		// A1 failed at unit 1's two visits in a row; B2 at unit 2's visit and its visit of Q2.
		expect(report.repeats.map((r) => [r.findingId, r.previousInspectionId])).toEqual([
			['f3', 'i1'],
			['f5', 'p1']
		]);
		expect(report.officers).toEqual([
			{
				rosterId: 'r1',
				name: 'Lê Văn Cường',
				position: 'Công chức',
				unitCode: 1,
				unitName: 'Phường Một',
				visits: 2,
				findings: 1,
				lastVisit: '2026-08-20T01:00:00.000Z'
			}
		]);
		expect(report.trend.map((t) => [t.period, t.done, t.averageScore])).toEqual([
			[{ kind: 'quarter', year: 2026, quarter: 1 }, 0, null],
			[{ kind: 'quarter', year: 2026, quarter: 2 }, 1, 0.5],
			[{ kind: 'quarter', year: 2026, quarter: 3 }, 3, (0.8 + 0.6 + 0.7) / 3]
		]);
	});

	it('a reader who may not know of plans gets no planned figures', () => {
		const report = assemblePeriodReport({ ...input(), current: { ...input().current, planned: null } });
		expect(report.totals.planned).toBeNull();
		expect(report.totals.plannedDone).toBeNull();
		expect(report.units[0]!.figures.planned).toBeNull();
	});

	it('the visits before a period are the last ones of the period just before it, else the ones before that', () => {
		const { previous, previousVisits, visitsBeforePrevious } = input();
		expect(lastVisits(previous, visitsBeforePrevious)).toEqual(new Map([...visitsBeforePrevious, ...previousVisits]));
		// Two visits of a unit in the period: the later one, with its own findings only.
		const current = input().current;
		expect(lastVisits(current, new Map()).get(1)).toEqual({
			inspectionId: 'i2',
			startedAt: '2026-08-20T01:00:00.000Z',
			itemIds: ['A1', 'C3']
		});
	});
});
