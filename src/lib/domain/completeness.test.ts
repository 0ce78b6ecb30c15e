import { describe, expect, it } from 'vitest';
import { templateSchema } from './template';
import { checkedShare, completenessRefusal, gradeToShow, recordCoverage } from './completeness';
import { scoreInspection, type ScoringAnswer } from './scoring';

const legal = [{ document: 'Nghị định 61/2018/NĐ-CP' }];
const remediation = { text: 'Khắc phục ngay', deadlineDays: 7 };
const pass = (id: string, extra: object = {}) => ({ id, text: `Mục ${id}`, kind: 'pass', sipas: 'TT', legal, remediation, ...extra });

/** Ten plain items in A, one per-officer item in D. */
const template = templateSchema.parse({
	id: 'thu',
	version: '1',
	name: 'Mẫu thử',
	locale: 'vi',
	sections: [
		{ id: 'A', title: 'Niêm yết', items: Array.from({ length: 10 }, (_, n) => pass(`A${n + 1}`)) },
		{ id: 'D', title: '4 xin', items: [pass('D1', { perOfficer: true, sipas: 'CC' })] }
	],
	grading: {
		bands: [
			{ id: 'tot', label: 'Tốt', minScore: 0.9 },
			{ id: 'kem', label: 'Kém', minScore: 0 }
		],
		criticalCap: 'kem'
	}
});
const officers = [
	{ id: 'o1', name: 'Lê Văn C' },
	{ id: 'o2', name: 'Phạm Thị D' }
];
const input = (answers: ScoringAnswer[]) => ({ template, sectionIds: ['A', 'D'], officers, answers });
const answer = (itemId: string, value: ScoringAnswer['value'], officerId = ''): ScoringAnswer => ({ itemId, officerId, value });
const ok = (itemId: string, officerId = '') => answer(itemId, { kind: 'pass', result: 'pass' }, officerId);

describe('coverage of a record', () => {
	it('counts each slot as checked, not applicable, cannot be checked or unanswered, per section', () => {
		const c = recordCoverage(
			input([
				ok('A1'),
				answer('A2', { kind: 'pass', result: 'fail' }),
				answer('A3', { kind: 'na', reason: 'not_applicable' }),
				answer('A4', { kind: 'na', reason: 'not_checkable', text: 'Phòng lưu trữ khóa' }),
				answer('A5', null),
				ok('D1', 'o1')
			])
		);
		expect(c).toMatchObject({ checked: 3, notApplicable: 1, notCheckable: 1, unanswered: 7, total: 12 });
		expect(c.sections).toEqual([
			{ sectionId: 'A', checked: 2, notApplicable: 1, notCheckable: 1, unanswered: 6, total: 10 },
			{ sectionId: 'D', checked: 1, notApplicable: 0, notCheckable: 0, unanswered: 1, total: 2 }
		]);
	});

	it('refuses to finish while anything is unanswered, and an empty record', () => {
		expect(completenessRefusal(recordCoverage(input([])))).toEqual({ code: 'items_unanswered', count: 12 });
		const cannot = { kind: 'na' as const, reason: 'not_checkable' as const, text: 'Mất điện' };
		const allCannot = [
			...template.sections[0]!.items.map((i) => answer(i.id, cannot)),
			answer('D1', cannot, 'o1'),
			answer('D1', cannot, 'o2')
		];
		expect(completenessRefusal(recordCoverage(input(allCannot)))).toEqual({ code: 'nothing_checked' });
		expect(completenessRefusal(recordCoverage(input([ok('A1'), ...allCannot.slice(1)])))).toBeNull();
	});

	it('never grades 5 answers of many: the score stays, over what was checked, and the grade is withheld', () => {
		const five = [ok('A1'), ok('A2'), ok('A3'), ok('A4'), ok('A5')];
		const score = scoreInspection(input(five));
		const coverage = recordCoverage(input(five));
		expect(score.overall).toBe(1);
		expect(score.grade?.label).toBe('Tốt');
		expect(checkedShare(coverage)).toBeCloseTo(5 / 12);
		expect(gradeToShow(score, coverage)).toBeNull();
	});

	it('grades once enough was checked; not applicable items do not count against it', () => {
		const answers = [
			...template.sections[0]!.items.slice(0, 8).map((i) => ok(i.id)),
			answer('A9', { kind: 'na', reason: 'not_applicable' }),
			answer('A10', { kind: 'na', reason: 'not_checkable', text: 'Không có hồ sơ mẫu' }),
			ok('D1', 'o1'),
			ok('D1', 'o2')
		];
		const coverage = recordCoverage(input(answers));
		expect(checkedShare(coverage)).toBeCloseTo(10 / 11);
		expect(gradeToShow(scoreInspection(input(answers)), coverage)?.label).toBe('Tốt');
	});
});
