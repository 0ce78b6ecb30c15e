import { describe, expect, it } from 'vitest';
import { defaultTemplate } from '$lib/templates';
import { checkAnswer, checkDeadline, deadlineRange, MAX_DEADLINE_DAYS, unknownSection } from './record-rules';

describe('record rules', () => {
	it('takes answers of the item’s own kind, and "not applicable" for any item', () => {
		expect(checkAnswer(defaultTemplate, 'A3', { kind: 'pass', result: 'fail' })).toBeNull();
		expect(checkAnswer(defaultTemplate, 'A1', { kind: 'na', reason: 'not_applicable' })).toBeNull();
		expect(checkAnswer(defaultTemplate, 'A3', null)).toBeNull();
		expect(checkAnswer(defaultTemplate, 'A3', { kind: 'count', numerator: 1, denominator: 2 })).toMatchObject({
			code: 'wrong_value_kind',
			field: 'value.kind'
		});
		expect(checkAnswer(defaultTemplate, 'Z99', { kind: 'pass', result: 'pass' })).toMatchObject({ code: 'unknown_item', field: 'itemId' });
	});

	it('refuses a part above its whole, and only there', () => {
		expect(checkAnswer(defaultTemplate, 'C1', { kind: 'count', numerator: 7, denominator: 5 })).toMatchObject({
			code: 'impossible_count',
			field: 'value.numerator',
			message: expect.stringContaining('Số công chức có mặt (7)')
		});
		expect(checkAnswer(defaultTemplate, 'C1', { kind: 'count', numerator: 5, denominator: 5 })).toBeNull();
		// Seats may outnumber the people waiting.
		expect(checkAnswer(defaultTemplate, 'B4', { kind: 'count', numerator: 12, denominator: 5 })).toBeNull();
	});

	it('names the first section the template does not have', () => {
		expect(unknownSection(defaultTemplate, ['A', 'B'])).toBeNull();
		expect(unknownSection(defaultTemplate, ['A', 'Q', 'Z'])).toMatchObject({ code: 'unknown_section', field: 'sectionIds.1' });
	});

	it('allows a deadline from the visit’s date in Vietnam to 366 days after it', () => {
		// 23:30 UTC on 24/11 is already 25/11 in Vietnam.
		const startedAt = '2026-11-24T23:30:00Z';
		expect(checkDeadline('2026-11-25', startedAt)).toBeNull();
		expect(checkDeadline('2026-11-24', startedAt)).toMatchObject({ code: 'deadline_before_visit', field: 'deadline' });
		expect(MAX_DEADLINE_DAYS).toBe(366);
		expect(checkDeadline('2027-11-26', startedAt)).toBeNull();
		expect(checkDeadline('2027-11-27', startedAt, 'findings.0.deadline')).toMatchObject({
			code: 'deadline_too_far',
			field: 'findings.0.deadline'
		});
	});

	it('gives the date inputs the same range the rule enforces, ends included', () => {
		const startedAt = '2026-11-24T23:30:00Z';
		const { min, max } = deadlineRange(startedAt);
		expect({ min, max }).toEqual({ min: '2026-11-25', max: '2027-11-26' });
		expect(checkDeadline(min, startedAt)).toBeNull();
		expect(checkDeadline(max, startedAt)).toBeNull();
	});
});
