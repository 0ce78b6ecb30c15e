import { describe, expect, it } from 'vitest';
import { availableTransitions, transition } from './inspection-states';
import { daysLeft } from './dates';
import { findingTransition, isOverdue, type FindingFacts } from './finding-states';
import type { Principal } from './permissions';

const author: Principal = { userId: 'i1', role: 'inspector', provinceCode: 1, unitCode: null };
const colleague: Principal = { userId: 'i2', role: 'inspector', provinceCode: 1, unitCode: null };
const supervisor: Principal = { userId: 's1', role: 'supervisor', provinceCode: 1, unitCode: null };
const ward: Principal = { userId: 'w1', role: 'ward', provinceCode: 1, unitCode: 70 };
const otherWard: Principal = { ...ward, userId: 'w2', unitCode: 4 };

describe('inspection transitions', () => {
	it('follow draft → submitted → returned → submitted → approved', () => {
		expect(transition(author, { status: 'draft', createdBy: 'i1' }, 'submit')).toEqual({ ok: true, to: 'submitted' });
		expect(transition(supervisor, { status: 'submitted', createdBy: 'i1' }, 'return')).toEqual({ ok: true, to: 'returned' });
		expect(transition(author, { status: 'returned', createdBy: 'i1' }, 'submit')).toEqual({ ok: true, to: 'submitted' });
		expect(transition(supervisor, { status: 'submitted', createdBy: 'i1' }, 'approve')).toEqual({ ok: true, to: 'approved' });
	});
	it('refuse illegal steps with a reason', () => {
		expect(transition(ward, { status: 'submitted', createdBy: 'i1' }, 'approve')).toMatchObject({ ok: false });
		expect(transition(author, { status: 'submitted', createdBy: 'i1' }, 'approve')).toMatchObject({ ok: false });
		expect(transition(supervisor, { status: 'draft', createdBy: 'i1' }, 'approve')).toMatchObject({ ok: false, code: 'wrong_status' });
		expect(transition(colleague, { status: 'draft', createdBy: 'i1' }, 'submit')).toMatchObject({ ok: false });
		expect(transition(supervisor, { status: 'approved', createdBy: 'i1' }, 'return')).toMatchObject({ ok: false });
		const selfMade = { status: 'submitted' as const, createdBy: 's1' };
		expect(transition(supervisor, selfMade, 'approve')).toMatchObject({ ok: false, code: 'not_own_record' });
	});
	it('offer only what is possible', () => {
		expect(availableTransitions(supervisor, { status: 'submitted', createdBy: 'i1' }).sort()).toEqual(['approve', 'return']);
		expect(availableTransitions(author, { status: 'approved', createdBy: 'i1' })).toEqual([]);
	});
});

describe('finding transitions', () => {
	const f = (status: FindingFacts['status']): FindingFacts => ({ status, unitCode: 70, provinceCode: 1, inspectionAuthor: 'i1' });
	it('a ward reports a fix on its own findings only; a supervisor verifies or reopens', () => {
		expect(findingTransition(ward, f('open'), 'reportFix')).toEqual({ ok: true, to: 'fixReported' });
		expect(findingTransition(otherWard, f('open'), 'reportFix')).toMatchObject({ ok: false });
		expect(findingTransition(supervisor, f('fixReported'), 'verify')).toEqual({ ok: true, to: 'verified' });
		expect(findingTransition(supervisor, f('fixReported'), 'reopen')).toEqual({ ok: true, to: 'reopened' });
		expect(findingTransition(ward, f('reopened'), 'reportFix')).toEqual({ ok: true, to: 'fixReported' });
	});
	it('refuses a fix on a closed finding, a ward verifying, and an inspector verifying their own record', () => {
		expect(findingTransition(ward, f('verified'), 'reportFix')).toMatchObject({ ok: false });
		expect(findingTransition(ward, f('fixReported'), 'verify')).toMatchObject({ ok: false });
		expect(findingTransition(author, f('fixReported'), 'verify')).toMatchObject({ ok: false, code: 'not_own_record' });
		expect(findingTransition(colleague, f('fixReported'), 'verify')).toEqual({ ok: true, to: 'verified' });
	});
	it('derives overdue from the deadline, not from a stored flag', () => {
		expect(daysLeft('2026-12-01', '2026-11-25')).toBe(6);
		expect(isOverdue({ status: 'open', deadline: '2026-11-24' }, '2026-11-25')).toBe(true);
		expect(isOverdue({ status: 'fixReported', deadline: '2026-11-24' }, '2026-11-25')).toBe(false);
		expect(isOverdue({ status: 'open', deadline: '2026-11-25' }, '2026-11-25')).toBe(false);
	});
});
