import { describe, expect, it } from 'vitest';
import { mutationArgsSchemas } from './protocol';
import { canApplyMutation, canOpenPage, type InspectionFacts } from './permissions';
import type { Principal } from './principal';
import { sampleHeader } from './sample-header';
import { signedContentFingerprint } from './record-fingerprint';
import { myVisits, startedFromPlan, startRefusal, unplannedReasonRefusal, visitTiming, type PlannedRecord } from './planned-visits';

const planned = (over: Partial<PlannedRecord> & { id: string; windowEnd?: string }): PlannedRecord => ({
	...sampleHeader,
	inspectionType: 'chuyen_de',
	basis: 'Quyết định số 12/QĐ-UBND ngày 05/01/2026 của Chủ tịch UBND',
	team: [
		{ name: 'Trần Thị Bình', role: 'truong_doan', position: 'Phó Giám đốc', organisation: 'Sở Nội vụ' },
		{ name: 'Lê Văn Cường', role: 'thu_ky', position: '', organisation: '' }
	],
	position: null,
	positionNote: '',
	startedAt: '2026-03-01T00:00:00+07:00',
	templateId: 'mot-cua',
	templateVersion: '2',
	sectionIds: ['A', 'B'],
	status: 'planned',
	createdBy: 'supervisor-1',
	createdAt: '2026-02-20T08:00:00.000Z',
	endedAt: null,
	recommendations: '',
	unitOpinion: '',
	plan: { windowStart: '2026-03-01', windowEnd: over.windowEnd ?? '2026-03-15', assignedInspectorIds: ['insp-1', 'insp-2'], planId: 'p1' },
	...over
});

describe('my visits', () => {
	it('times a visit against its window: before it opens, inside it (both ends included), after it closed', () => {
		const w = { windowStart: '2026-03-01', windowEnd: '2026-03-15' };
		expect(visitTiming(w, '2026-02-28')).toBe('upcoming');
		expect(visitTiming(w, '2026-03-01')).toBe('open');
		expect(visitTiming(w, '2026-03-15')).toBe('open');
		expect(visitTiming(w, '2026-03-16')).toBe('overdue');
	});

	it('lists only the planned visits assigned to the inspector, overdue first, then the window closing soonest', () => {
		const records = [
			planned({ id: 'later', windowEnd: '2026-03-30' }),
			planned({ id: 'sooner', windowEnd: '2026-03-20' }),
			planned({ id: 'overdue', windowEnd: '2026-03-05' }),
			planned({ id: 'started', status: 'draft', createdBy: 'insp-2' }),
			planned({ id: 'others', plan: { windowStart: '2026-03-01', windowEnd: '2026-03-02', assignedInspectorIds: ['insp-9'] } }),
			planned({ id: 'no-plan', plan: undefined })
		];
		const visits = myVisits(records, 'insp-1', '2026-03-10');
		expect(visits.map((v) => [v.inspection.id, v.timing])).toEqual([
			['overdue', 'overdue'],
			['sooner', 'open'],
			['later', 'open']
		]);
		expect(myVisits(records, 'insp-9', '2026-03-10').map((v) => v.inspection.id)).toEqual(['others']);
		expect(myVisits(records, 'ward-1', '2026-03-10')).toEqual([]);
	});
});

describe('starting a planned visit', () => {
	const position = { lat: 21.0285, lng: 105.8542, accuracyM: 12, capturedAt: '2026-03-10T02:00:00.000Z' };

	it("copies the plan's unit, team, type, căn cứ, template and sections, and makes it the starter's draft", () => {
		const plan = planned({ id: 'v1' });
		const start = { startedAt: '2026-03-10T09:00:00+07:00', position, positionNote: '' };
		const draft = startedFromPlan(plan, start, 'insp-2');
		expect(draft).toEqual({ ...plan, status: 'draft', createdBy: 'insp-2', startedAt: start.startedAt, position, positionNote: '' });
		expect(draft.plan).toEqual(plan.plan); // known to come from a plan; no unplanned reason
		expect(draft.unplannedReason).toBeUndefined();
	});

	it('keeps why there is no position, and drops a stale note when there is one', () => {
		const plan = planned({ id: 'v1' });
		expect(startedFromPlan(plan, { startedAt: plan.startedAt, position: null, positionNote: 'Bị từ chối' }, 'insp-1').positionNote).toBe(
			'Bị từ chối'
		);
		expect(startedFromPlan(plan, { startedAt: plan.startedAt, position, positionNote: 'Bị từ chối' }, 'insp-1').positionNote).toBe('');
	});

	it('is refused on the device to someone not assigned, and once started', () => {
		expect(startRefusal(planned({ id: 'v1' }), 'insp-1')).toBeNull();
		expect(startRefusal(planned({ id: 'v1' }), 'insp-3')).toBe('not_assigned');
		expect(startRefusal(planned({ id: 'v1', status: 'draft' }), 'insp-1')).toBe('already_started');
	});

	it('the intent carries only the start: time, position and why there is none', () => {
		const args = mutationArgsSchemas.startPlannedInspection.parse({
			inspectionId: '0193a1c2-0000-7000-8000-000000000001',
			startedAt: '2026-03-10T09:00:00+07:00',
			position: null,
			positionNote: 'Không có GPS',
			team: [{ name: 'Kẻ mạo danh', role: 'truong_doan' }]
		});
		expect(Object.keys(args).sort()).toEqual(['inspectionId', 'position', 'positionNote', 'startedAt']);
		expect(
			mutationArgsSchemas.startPlannedInspection.safeParse({ inspectionId: 'x', startedAt: 'yesterday', position: null }).success
		).toBe(false);
	});
});

describe('who may start a planned visit (the shared rule the server applies)', () => {
	const inspector = (userId: string, provinceCode = 1): Principal => ({ userId, role: 'inspector', provinceCode, unitCode: null });
	const facts = (over: Partial<InspectionFacts> = {}): InspectionFacts => ({
		createdBy: 'supervisor-1',
		status: 'planned',
		unitCode: 70,
		provinceCode: 1,
		assignedInspectorIds: ['insp-1', 'insp-2'],
		...over
	});
	const start = (p: Principal, f: InspectionFacts | null) => canApplyMutation(p, 'startPlannedInspection', f);

	it('an assigned inspector may, while it is planned', () => {
		expect(start(inspector('insp-1'), facts())).toEqual({ ok: true });
	});

	it('a visit already started is a conflict (not_editable) for the team, even for the one who started it', () => {
		expect(start(inspector('insp-2'), facts({ status: 'draft', createdBy: 'insp-1' }))).toMatchObject({ ok: false, code: 'not_editable' });
		expect(start(inspector('insp-1'), facts({ status: 'draft', createdBy: 'insp-1' }))).toMatchObject({ ok: false, code: 'not_editable' });
	});

	it('to an unassigned inspector, or one of another province, the visit is not there (not_found, as for no record)', () => {
		expect(start(inspector('insp-3'), facts())).toMatchObject({ ok: false, code: 'not_found' });
		expect(start(inspector('insp-1', 79), facts())).toMatchObject({ ok: false, code: 'not_found' });
		expect(start(inspector('insp-3'), null)).toMatchObject({ ok: false, code: 'not_found' });
	});

	it('only inspectors open the start screen', () => {
		expect(canOpenPage(inspector('insp-1'), '/visits/v1')).toBe(true);
		for (const role of ['ward', 'supervisor', 'admin'] as const) {
			expect(canOpenPage({ userId: 'u', role, provinceCode: 1, unitCode: 70 }, '/visits/v1'), role).toBe(false);
		}
	});

	it('other roles may not start a visit at all', () => {
		for (const role of ['ward', 'supervisor', 'admin'] as const) {
			expect(start({ userId: 'insp-1', role, provinceCode: 1, unitCode: 70 }, facts())).toMatchObject({ ok: false, code: 'forbidden' });
		}
	});
});

describe('unplanned visits give a reason', () => {
	it('a reason of a few letters is refused', () => {
		expect(unplannedReasonRefusal('')).toBe('unplanned_reason_required');
		expect(unplannedReasonRefusal('  x  ')).toBe('unplanned_reason_required');
		expect(unplannedReasonRefusal('Phản ánh của người dân ngày 02/03')).toBeNull();
	});

	it('binds the reason into the fingerprint; a record without one keeps the fingerprint it had', async () => {
		const inspection = { ...planned({ id: '0193a1c2-0000-7000-8000-000000000002', status: 'draft' }), plan: undefined };
		const content = { officers: [], answers: [], findings: [] };
		const without = await signedContentFingerprint({ ...content, inspection });
		const emptied = await signedContentFingerprint({ ...content, inspection: { ...inspection, unplannedReason: undefined } });
		const withReason = await signedContentFingerprint({
			...content,
			inspection: { ...inspection, unplannedReason: 'Phản ánh của người dân' }
		});
		expect(emptied).toBe(without);
		expect(withReason).not.toBe(without);
	});
});
