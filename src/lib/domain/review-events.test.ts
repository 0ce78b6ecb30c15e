import { describe, expect, it } from 'vitest';
import type { Principal } from './permissions';
import { actionCounts, lastReturnComment, type InspectionEvent, type TrackedFinding } from './review-events';

const supervisor: Principal = { userId: 'sup', role: 'supervisor', provinceCode: 1, unitCode: null };
const inspector: Principal = { userId: 'ins', role: 'inspector', provinceCode: 1, unitCode: null };
const other: Principal = { userId: 'ins2', role: 'inspector', provinceCode: 1, unitCode: null };
const ward: Principal = { userId: 'w', role: 'ward', provinceCode: 1, unitCode: 70 };

const finding = (id: string, inspectionId: string, status: TrackedFinding['status'], deadline = '2026-12-10'): TrackedFinding => ({
	id,
	inspectionId,
	itemId: 'A1',
	sectionId: 'A',
	title: 't',
	detail: 'd',
	officerIds: [],
	critical: false,
	legal: [],
	recommendation: 'fix it',
	deadline,
	status
});

const inspections = [
	{ id: 'i1', status: 'submitted' as const, createdBy: 'ins' },
	{ id: 'i2', status: 'returned' as const, createdBy: 'ins' },
	{ id: 'i3', status: 'approved' as const, createdBy: 'ins' },
	{ id: 'i4', status: 'returned' as const, createdBy: 'ins2' }
];
const findings = [
	finding('f1', 'i1', undefined),
	finding('f2', 'i3', 'open', '2026-12-01'),
	finding('f3', 'i3', 'reopened', '2026-12-20'),
	finding('f4', 'i3', 'fixReported'),
	finding('f5', 'i3', 'verified', '2026-11-01')
];

describe('action counts', () => {
	const today = '2026-12-03';
	/** Nothing to do; each test names only the counts that are not zero. */
	const nothing = { toReview: 0, returned: 0, fixesToVerify: 0, toFix: 0, overdue: 0 };

	it('asks the supervisor to review submitted records and verify reported fixes', () => {
		expect(actionCounts(supervisor, { inspections, findings }, today)).toEqual({ ...nothing, toReview: 1, fixesToVerify: 1 });
	});

	it('never asks anyone to review a self-inspection, nor the ward to fix its findings', () => {
		const self = { id: 's1', status: 'submitted' as const, createdBy: 'w1', kind: 'self' as const };
		const withSelf = { inspections: [...inspections, self], findings: [...findings, finding('f9', 's1', 'open', '2026-11-01')] };
		expect(actionCounts(supervisor, withSelf, today)).toEqual({ ...nothing, toReview: 1, fixesToVerify: 1 });
		expect(actionCounts(ward, withSelf, today)).toEqual({ ...nothing, toFix: 2, overdue: 1 });
	});

	it('asks the inspector to correct only their own returned records, and never to verify their own record', () => {
		expect(actionCounts(inspector, { inspections, findings }, today)).toMatchObject({ returned: 1, fixesToVerify: 0, toReview: 0 });
		expect(actionCounts(other, { inspections, findings }, today)).toMatchObject({ returned: 1, fixesToVerify: 1 });
	});

	it('asks the ward to fix open and reopened findings of approved records, overdue from the deadline', () => {
		expect(actionCounts(ward, { inspections, findings }, today)).toEqual({ ...nothing, toFix: 2, overdue: 1 });
		// A week later the reopened one is overdue too, with no change to the data.
		expect(actionCounts(ward, { inspections, findings }, '2026-12-21').overdue).toBe(2);
	});

	it('shows the latest return comment only while the record is returned', () => {
		const events: InspectionEvent[] = [
			{ id: 'e1', inspectionId: 'i2', kind: 'returned', actorUserId: 'sup', at: '2026-12-01T08:00:00Z', comment: 'first' },
			{ id: 'e2', inspectionId: 'i2', kind: 'returned', actorUserId: 'sup', at: '2026-12-02T08:00:00Z', comment: 'second' }
		];
		expect(lastReturnComment('returned', events)?.comment).toBe('second');
		expect(lastReturnComment('submitted', events)).toBeNull();
	});
});
