import { describe, expect, it } from 'vitest';
import { canManageFeedbackPoint, canSeeFeedbackPoint, feedbackPagePath, floodIdOf, receivedHour } from './feedback-point';
import type { Principal } from './principal';

const who = (role: Principal['role'], provinceCode: number | null, unitCode: number | null = null): Principal => ({
	userId: 'u',
	role,
	provinceCode,
	unitCode
});
const hoanKiem = { code: 70, provinceCode: 1 };

describe('who keeps a unit’s feedback point', () => {
	it('is its own ward and the admins of its province or the country', () => {
		expect(canManageFeedbackPoint(who('ward', 1, 70), hoanKiem)).toBe(true);
		expect(canManageFeedbackPoint(who('ward', 1, 4), hoanKiem)).toBe(false);
		expect(canManageFeedbackPoint(who('admin', 1), hoanKiem)).toBe(true);
		expect(canManageFeedbackPoint(who('admin', null), hoanKiem)).toBe(true);
		expect(canManageFeedbackPoint(who('admin', 79), hoanKiem)).toBe(false);
		expect(canManageFeedbackPoint(who('supervisor', 1), hoanKiem)).toBe(false);
		expect(canManageFeedbackPoint(who('inspector', 1), hoanKiem)).toBe(false);
	});

	it('is seen also by the province’s supervisors, never by inspectors', () => {
		expect(canSeeFeedbackPoint(who('supervisor', 1), hoanKiem)).toBe(true);
		expect(canSeeFeedbackPoint(who('supervisor', 79), hoanKiem)).toBe(false);
		expect(canSeeFeedbackPoint(who('inspector', 1), hoanKiem)).toBe(false);
	});
});

describe('what an answer keeps of its time', () => {
	it('keeps the hour only', () => {
		expect(receivedHour(new Date('2026-12-06T09:47:13.512Z'))).toBe('2026-12-06T09:00:00.000Z');
		expect(receivedHour(new Date('2026-12-06T23:59:59.999Z'))).toBe('2026-12-06T23:00:00.000Z');
	});

	it('names a burst by its point and hour, and a page by its token', () => {
		expect(floodIdOf('p1', '2026-12-06T09:00:00.000Z')).toBe('p1@2026-12-06T09:00:00.000Z');
		expect(feedbackPagePath('abc')).toBe('/y/abc');
	});
});
