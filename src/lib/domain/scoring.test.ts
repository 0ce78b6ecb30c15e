// Tests for scoring.ts against small inline templates, with exact expected numbers.
import { describe, it, expect } from 'vitest';
import { templateSchema, type Template, type TemplateItem } from './template';
import type { AnswerValue } from './inspection';
import {
	answerSlots,
	deadlineFor,
	formatScore,
	generateFindings,
	itemOutcome,
	scoreInspection,
	sipasFailures,
	type ScoringAnswer
} from './scoring';

const legal = [{ document: 'Nghị định 61/2018/NĐ-CP', article: 'Điều 13' }];
const remediation = { text: 'Khắc phục ngay', deadlineDays: 15 };

/** Item input before schema defaults: id, kind and whatever else the test cares about. */
type ItemInput = { id: string; kind: TemplateItem['kind'] } & Record<string, unknown>;

function item(input: ItemInput): Record<string, unknown> {
	return { text: `Mục ${input.id}`, sipas: 'TC', legal, remediation, ...input };
}

const bands = [
	{ id: 'tot', label: 'Tốt', minScore: 0.9 },
	{ id: 'kha', label: 'Khá', minScore: 0.7 },
	{ id: 'tb', label: 'Trung bình', minScore: 0.5 },
	{ id: 'yeu', label: 'Yếu', minScore: 0 }
];

function template(sections: { id: string; weight?: number; items: ItemInput[] }[], criticalCap = 'tb'): Template {
	return templateSchema.parse({
		id: 'test',
		version: '1',
		name: 'Mẫu thử',
		locale: 'vi',
		sections: sections.map((s) => ({ title: `Phần ${s.id}`, ...s, items: s.items.map(item) })),
		grading: { bands, criticalCap }
	});
}

const pass: AnswerValue = { kind: 'pass', result: 'pass' };
const fail: AnswerValue = { kind: 'pass', result: 'fail' };
const na: AnswerValue = { kind: 'na', reason: 'not_applicable' };
const notObserved: AnswerValue = { kind: 'na', reason: 'not_observed' };

const a = (itemId: string, value: AnswerValue | null, officerId = '', note = ''): ScoringAnswer => ({
	itemId,
	officerId,
	value,
	note
});

const OFF1 = { id: '0190a000-0000-7000-8000-000000000001', name: 'Nguyễn Văn A' };
const OFF2 = { id: '0190a000-0000-7000-8000-000000000002', name: 'Trần Thị B' };
const officers = [OFF1, OFF2];

/** Looks up a single item of a template, for itemOutcome tests. */
function only(t: Template): TemplateItem {
	return t.sections[0]!.items[0]!;
}

describe('answerSlots', () => {
	it('gives one slot per ordinary item and one per officer for per-officer items', () => {
		const t = template([
			{ id: 'A', items: [{ id: 'A1', kind: 'pass' }] },
			{ id: 'B', items: [{ id: 'B1', kind: 'pass' }] },
			{ id: 'C', items: [{ id: 'C1', kind: 'pass', perOfficer: true }] }
		]);
		const slots = answerSlots(t, ['C', 'A'], officers);
		expect(slots.map((s) => [s.sectionId, s.item.id, s.officerId])).toEqual([
			['A', 'A1', ''],
			['C', 'C1', OFF1.id],
			['C', 'C1', OFF2.id]
		]);
		expect(answerSlots(t, ['C'], [])).toEqual([]);
	});
});

describe('itemOutcome', () => {
	it('count: threshold 1 needs all, 0 denominator is na, 0.8 with 4/5 passes', () => {
		const full = only(
			template([{ id: 'A', items: [{ id: 'A1', kind: 'count', count: { threshold: 1, numeratorLabel: 'n', denominatorLabel: 'd' } }] }])
		);
		expect(itemOutcome(full, { kind: 'count', numerator: 45, denominator: 50 })).toBe('fail');
		expect(itemOutcome(full, { kind: 'count', numerator: 50, denominator: 50 })).toBe('pass');
		expect(itemOutcome(full, { kind: 'count', numerator: 0, denominator: 0 })).toBe('na');
		// More seats than people waiting is still a pass.
		expect(itemOutcome(full, { kind: 'count', numerator: 30, denominator: 20 })).toBe('pass');

		const eighty = only(
			template([{ id: 'A', items: [{ id: 'A1', kind: 'count', count: { threshold: 0.8, numeratorLabel: 'n', denominatorLabel: 'd' } }] }])
		);
		expect(itemOutcome(eighty, { kind: 'count', numerator: 4, denominator: 5 })).toBe('pass');
		expect(itemOutcome(eighty, { kind: 'count', numerator: 79, denominator: 100 })).toBe('fail');
	});

	it('count: a threshold carrying floating error still passes at the exact ratio', () => {
		const threshold = 0.1 * 3; // 0.30000000000000004
		expect(3 / 10 >= threshold).toBe(false);
		const t = only(
			template([{ id: 'A', items: [{ id: 'A1', kind: 'count', count: { threshold, numeratorLabel: 'n', denominatorLabel: 'd' } }] }])
		);
		expect(itemOutcome(t, { kind: 'count', numerator: 3, denominator: 10 })).toBe('pass');
		expect(itemOutcome(t, { kind: 'count', numerator: 29, denominator: 100 })).toBe('fail');
	});

	it('sample: all pass passes, one failure fails, size 0 is na', () => {
		const t = only(template([{ id: 'A', items: [{ id: 'A1', kind: 'sample', sample: { defaultSize: 5, unitLabel: 'TTHC' } }] }]));
		expect(itemOutcome(t, { kind: 'sample', size: 5, passed: 5 })).toBe('pass');
		expect(itemOutcome(t, { kind: 'sample', size: 5, passed: 4 })).toBe('fail');
		expect(itemOutcome(t, { kind: 'sample', size: 0, passed: 0 })).toBe('na');
	});

	it('number: bounds are inclusive; without bounds the figure is info', () => {
		const min = only(template([{ id: 'A', items: [{ id: 'A1', kind: 'number', number: { unit: 'ghế', passMin: 10 } }] }]));
		expect(itemOutcome(min, { kind: 'number', value: 10 })).toBe('pass');
		expect(itemOutcome(min, { kind: 'number', value: 9.5 })).toBe('fail');
		const range = only(template([{ id: 'A', items: [{ id: 'A1', kind: 'number', number: { passMin: 18, passMax: 28 } }] }]));
		expect(itemOutcome(range, { kind: 'number', value: 28 })).toBe('pass');
		expect(itemOutcome(range, { kind: 'number', value: 30 })).toBe('fail');
		const free = only(template([{ id: 'A', items: [{ id: 'A1', kind: 'number', number: {} }] }]));
		expect(itemOutcome(free, { kind: 'number', value: 3 })).toBe('info');
	});

	it('text is info; choice follows option.passes; unknown option is unanswered', () => {
		const text = only(template([{ id: 'A', items: [{ id: 'A1', kind: 'text' }] }]));
		expect(itemOutcome(text, { kind: 'text', value: 'Ghi nhận' })).toBe('info');
		const choice = only(
			template([
				{
					id: 'A',
					items: [
						{
							id: 'A1',
							kind: 'choice',
							choice: {
								options: [
									{ value: 'du', label: 'Đầy đủ', passes: true },
									{ value: 'thieu', label: 'Thiếu', passes: false },
									{ value: 'khac', label: 'Khác', passes: null }
								]
							}
						}
					]
				}
			])
		);
		expect(itemOutcome(choice, { kind: 'choice', value: 'du' })).toBe('pass');
		expect(itemOutcome(choice, { kind: 'choice', value: 'thieu' })).toBe('fail');
		expect(itemOutcome(choice, { kind: 'choice', value: 'khac' })).toBe('info');
		expect(itemOutcome(choice, { kind: 'choice', value: 'da-xoa' })).toBe('unanswered');
	});

	it('na fits every kind; null and a mismatched kind are unanswered', () => {
		const passItem = only(template([{ id: 'A', items: [{ id: 'A1', kind: 'pass' }] }]));
		expect(itemOutcome(passItem, pass)).toBe('pass');
		expect(itemOutcome(passItem, fail)).toBe('fail');
		expect(itemOutcome(passItem, notObserved)).toBe('na');
		expect(itemOutcome(passItem, null)).toBe('unanswered');
		expect(itemOutcome(passItem, { kind: 'count', numerator: 1, denominator: 1 })).toBe('unanswered');
		const text = only(template([{ id: 'A', items: [{ id: 'A1', kind: 'text' }] }]));
		expect(itemOutcome(text, pass)).toBe('unanswered');
	});
});

describe('scoreInspection', () => {
	const simple = template([
		{
			id: 'A',
			items: [
				{ id: 'A1', kind: 'pass', weight: 2 },
				{ id: 'A2', kind: 'pass' },
				{ id: 'A3', kind: 'pass', weight: 3 }
			]
		}
	]);

	it('all pass scores 1 with the best grade', () => {
		const s = scoreInspection({
			template: simple,
			sectionIds: ['A'],
			officers: [],
			answers: [a('A1', pass), a('A2', pass), a('A3', pass)]
		});
		expect(s.sections[0]!.score).toBe(1);
		expect(s.overall).toBe(1);
		expect(s.grade?.id).toBe('tot');
		expect(s.uncappedGrade?.id).toBe('tot');
		expect(s.cappedByCritical).toBe(false);
		expect(s.criticalFailures).toEqual([]);
		expect(s.answeredSlots).toBe(3);
		expect(s.totalSlots).toBe(3);
	});

	it('weights a failed item by item.weight', () => {
		const s = scoreInspection({
			template: simple,
			sectionIds: ['A'],
			officers: [],
			answers: [a('A1', pass), a('A2', pass), a('A3', fail)]
		});
		// (2·1 + 1·1 + 3·0) / 6
		expect(s.sections[0]!.score).toBe(0.5);
		expect(s.sections[0]!.applicableItems).toBe(3);
		expect(s.sections[0]!.failedItems).toBe(1);
		expect(s.overall).toBe(0.5);
		expect(s.grade?.id).toBe('tb');
		expect(s.sections[0]!.items.map((i) => [i.itemId, i.outcome, i.score])).toEqual([
			['A1', 'pass', 1],
			['A2', 'pass', 1],
			['A3', 'fail', 0]
		]);
	});

	it('leaves not-applicable items out of numerator and denominator', () => {
		const s = scoreInspection({
			template: simple,
			sectionIds: ['A'],
			officers: [],
			answers: [a('A1', na), a('A2', pass), a('A3', fail)]
		});
		// (1·1 + 3·0) / 4
		expect(s.overall).toBe(0.25);
		expect(s.sections[0]!.applicableItems).toBe(2);
		expect(s.grade?.id).toBe('yeu');
	});

	const perOfficer = template([
		{
			id: 'C',
			items: [
				{ id: 'C1', kind: 'pass' },
				{ id: 'C2', kind: 'pass', perOfficer: true, observable: true }
			]
		}
	]);

	it('scores a per-officer item as the share of officers who pass', () => {
		const input = {
			template: perOfficer,
			sectionIds: ['C'],
			officers,
			answers: [a('C1', pass), a('C2', pass, OFF1.id), a('C2', fail, OFF2.id, 'Không đeo thẻ')]
		};
		const s = scoreInspection(input);
		const c2 = s.sections[0]!.items[1]!;
		expect(c2.outcome).toBe('partial');
		expect(c2.score).toBe(0.5);
		expect(c2.officers).toEqual([
			{ officerId: OFF1.id, outcome: 'pass' },
			{ officerId: OFF2.id, outcome: 'fail' }
		]);
		expect(s.sections[0]!.failedItems).toBe(1);
		expect(s.overall).toBe(0.75);
		expect(s.answeredSlots).toBe(3);
		expect(s.totalSlots).toBe(3);

		const findings = generateFindings(input, s);
		expect(findings).toHaveLength(1);
		expect(findings[0]).toMatchObject({
			itemId: 'C2',
			sectionId: 'C',
			title: 'Mục C2',
			officerIds: [OFF2.id],
			detail: 'Công chức không đạt: Trần Thị B. Ghi chú: Trần Thị B: Không đeo thẻ',
			recommendation: 'Khắc phục ngay',
			deadlineDays: 15,
			critical: false
		});
	});

	it('names every failing officer and scores all-fail as fail', () => {
		const input = {
			template: perOfficer,
			sectionIds: ['C'],
			officers,
			answers: [a('C1', pass), a('C2', fail, OFF1.id), a('C2', fail, OFF2.id)]
		};
		const s = scoreInspection(input);
		expect(s.sections[0]!.items[1]).toMatchObject({ outcome: 'fail', score: 0 });
		expect(generateFindings(input)[0]!.detail).toBe('Công chức không đạt: Nguyễn Văn A, Trần Thị B');
	});

	it('scores over answered officers when some are unanswered', () => {
		const s = scoreInspection({
			template: perOfficer,
			sectionIds: ['C'],
			officers: [...officers, { id: '0190a000-0000-7000-8000-000000000003', name: 'Lê Văn C' }],
			answers: [a('C2', pass, OFF1.id), a('C2', notObserved, OFF2.id)]
		});
		const c2 = s.sections[0]!.items[1]!;
		expect(c2).toMatchObject({ outcome: 'pass', score: 1 });
		// C1 unanswered (1 slot), C2: 3 slots of which 2 answered.
		expect(s.sections[0]!.answeredSlots).toBe(2);
		expect(s.sections[0]!.totalSlots).toBe(4);
		expect(s.answeredSlots).toBe(2);
		expect(s.totalSlots).toBe(4);
		expect(s.sections[0]!.items[0]).toMatchObject({ outcome: 'unanswered', score: null });
	});

	it('makes a per-officer item na when no officer was observed, or when there are no officers', () => {
		const observedNone = scoreInspection({
			template: perOfficer,
			sectionIds: ['C'],
			officers,
			answers: [a('C1', pass), a('C2', notObserved, OFF1.id), a('C2', notObserved, OFF2.id)]
		});
		expect(observedNone.sections[0]!.items[1]).toMatchObject({ outcome: 'na', score: null });
		expect(observedNone.overall).toBe(1);
		expect(observedNone.answeredSlots).toBe(3);

		const nobody = scoreInspection({
			template: perOfficer,
			sectionIds: ['C'],
			officers: [],
			answers: [a('C1', pass)]
		});
		expect(nobody.sections[0]!.items[1]).toMatchObject({ outcome: 'na', score: null, officers: [] });
		expect(nobody.totalSlots).toBe(1);
	});

	const critical = template([
		{
			id: 'A',
			items: [
				{ id: 'A1', kind: 'pass', critical: true },
				...Array.from({ length: 19 }, (_, i) => ({ id: `A${i + 2}`, kind: 'pass' as const }))
			]
		},
		{
			id: 'D',
			items: [
				{ id: 'D1', kind: 'pass', perOfficer: true, critical: true },
				...Array.from({ length: 19 }, (_, i) => ({ id: `D${i + 2}`, kind: 'pass' as const }))
			]
		}
	]);
	const allPass = (prefix: string) => Array.from({ length: 19 }, (_, i) => a(`${prefix}${i + 2}`, pass));

	it('caps the grade when a critical item fails', () => {
		const s = scoreInspection({
			template: critical,
			sectionIds: ['A'],
			officers: [],
			answers: [a('A1', fail), ...allPass('A')]
		});
		expect(s.overall).toBe(0.95);
		expect(s.uncappedGrade?.id).toBe('tot');
		expect(s.grade?.id).toBe('tb');
		expect(s.cappedByCritical).toBe(true);
		expect(s.criticalFailures).toEqual(['A1']);
	});

	it('caps the grade when one officer fails a critical per-officer item', () => {
		const s = scoreInspection({
			template: critical,
			sectionIds: ['D'],
			officers,
			answers: [a('D1', pass, OFF1.id), a('D1', fail, OFF2.id), ...allPass('D')]
		});
		// (0.5 + 19) / 20
		expect(s.overall).toBe(0.975);
		expect(s.uncappedGrade?.id).toBe('tot');
		expect(s.grade?.id).toBe('tb');
		expect(s.cappedByCritical).toBe(true);
		expect(s.criticalFailures).toEqual(['D1']);
	});

	it('keeps a grade already worse than the cap, still listing the critical failure', () => {
		const s = scoreInspection({
			template: critical,
			sectionIds: ['A'],
			officers: [],
			answers: [a('A1', fail), ...Array.from({ length: 19 }, (_, i) => a(`A${i + 2}`, i < 5 ? pass : fail))]
		});
		expect(s.overall).toBe(0.25);
		expect(s.grade?.id).toBe('yeu');
		expect(s.uncappedGrade?.id).toBe('yeu');
		expect(s.cappedByCritical).toBe(false);
		expect(s.criticalFailures).toEqual(['A1']);
	});

	const twoSections = template([
		{
			id: 'A',
			weight: 2,
			items: [
				{ id: 'A1', kind: 'pass' },
				{ id: 'A2', kind: 'pass' }
			]
		},
		{
			id: 'B',
			items: [
				{ id: 'B1', kind: 'pass' },
				{ id: 'B2', kind: 'pass' }
			]
		},
		{ id: 'C', items: [{ id: 'C1', kind: 'pass' }] }
	]);

	it('weights sections by section.weight', () => {
		const s = scoreInspection({
			template: twoSections,
			sectionIds: ['A', 'B'],
			officers: [],
			answers: [a('A1', pass), a('A2', fail), a('B1', pass), a('B2', pass)]
		});
		// (2·0.5 + 1·1) / 3
		expect(s.overall).toBeCloseTo(2 / 3, 12);
		expect(s.grade?.id).toBe('tb');
	});

	it('gives an all-na section a null score and leaves it out of overall', () => {
		const s = scoreInspection({
			template: twoSections,
			sectionIds: ['A', 'B'],
			officers: [],
			answers: [a('A1', na), a('A2', notObserved), a('B1', pass), a('B2', fail)]
		});
		expect(s.sections.map((x) => x.score)).toEqual([null, 0.5]);
		expect(s.sections[0]!.applicableItems).toBe(0);
		expect(s.overall).toBe(0.5);
	});

	it('gives null overall and grade when everything is na', () => {
		const s = scoreInspection({
			template: twoSections,
			sectionIds: ['A', 'B'],
			officers: [],
			answers: ['A1', 'A2', 'B1', 'B2'].map((id) => a(id, na))
		});
		expect(s.overall).toBeNull();
		expect(s.grade).toBeNull();
		expect(s.uncappedGrade).toBeNull();
		expect(s.cappedByCritical).toBe(false);
		expect(s.answeredSlots).toBe(4);
		expect(s.totalSlots).toBe(4);
	});

	it('scores only enabled sections, in template order', () => {
		const s = scoreInspection({
			template: twoSections,
			sectionIds: ['C', 'A', 'X'],
			officers: [],
			answers: [a('A1', pass), a('A2', pass), a('B1', fail), a('B2', fail), a('C1', pass)]
		});
		expect(s.sections.map((x) => x.sectionId)).toEqual(['A', 'C']);
		expect(s.overall).toBe(1);
		expect(s.totalSlots).toBe(3);
		expect(generateFindings({ template: twoSections, sectionIds: ['C', 'A'], officers: [], answers: [a('B1', fail)] })).toEqual([]);
	});

	it('does not score text items and counts mismatched answers as unanswered', () => {
		const t = template([
			{
				id: 'A',
				items: [
					{ id: 'A1', kind: 'pass' },
					{ id: 'A2', kind: 'text' },
					{ id: 'A3', kind: 'sample', sample: { defaultSize: 5, unitLabel: 'TTHC' } }
				]
			}
		]);
		const s = scoreInspection({
			template: t,
			sectionIds: ['A'],
			officers: [],
			answers: [a('A1', fail), a('A2', { kind: 'text', value: 'Đông người' }), a('A3', pass)]
		});
		const [a1, a2, a3] = s.sections[0]!.items;
		expect(a1).toMatchObject({ outcome: 'fail', score: 0 });
		expect(a2).toMatchObject({ outcome: 'info', score: null });
		expect(a3).toMatchObject({ outcome: 'unanswered', score: null });
		expect(s.sections[0]!.applicableItems).toBe(1);
		expect(s.overall).toBe(0);
		expect(s.answeredSlots).toBe(2);
		expect(s.totalSlots).toBe(3);
	});

	it('ignores answers of officers not on the list and ordinary answers keyed to an officer', () => {
		const s = scoreInspection({
			template: perOfficer,
			sectionIds: ['C'],
			officers: [OFF1],
			answers: [a('C1', fail, OFF1.id), a('C2', pass, OFF1.id), a('C2', fail, OFF2.id)]
		});
		expect(s.sections[0]!.items.map((i) => i.outcome)).toEqual(['unanswered', 'pass']);
		expect(s.criticalFailures).toEqual([]);
	});
});

describe('postingIndex', () => {
	const t = template([
		{
			id: 'A',
			items: [
				{ id: 'A1', kind: 'count', count: { threshold: 1, numeratorLabel: 'n', denominatorLabel: 'd' } },
				{ id: 'A8', kind: 'pass' }
			]
		},
		{ id: 'B', items: [{ id: 'B1', kind: 'pass' }] }
	]);
	const chiSo6 = (a1: AnswerValue | null, a8: AnswerValue | null, sectionIds = ['A', 'B']) =>
		scoreInspection({ template: t, sectionIds, officers: [], answers: [a('A1', a1), a('A8', a8)] }).postingIndex?.points ?? null;
	const allPosted: AnswerValue = { kind: 'count', numerator: 120, denominator: 120 };
	const someMissing: AnswerValue = { kind: 'count', numerator: 110, denominator: 120 };

	it('is 2 when posted both ways, 1 when one way, 0 when neither', () => {
		expect(chiSo6(allPosted, pass)).toBe(2);
		expect(chiSo6(someMissing, pass)).toBe(1);
		expect(chiSo6(allPosted, fail)).toBe(1);
		expect(chiSo6(someMissing, fail)).toBe(0);
	});

	it('is null when either is not answered pass/fail or its section is disabled', () => {
		expect(chiSo6(allPosted, null)).toBeNull();
		expect(chiSo6(allPosted, na)).toBeNull();
		expect(chiSo6({ kind: 'count', numerator: 0, denominator: 0 }, pass)).toBeNull();
		expect(chiSo6(allPosted, pass, ['B'])).toBeNull();
	});
});

describe('scoring as data of the version', () => {
	const twoItems = (grading: Record<string, unknown>) =>
		templateSchema.parse({
			id: 'tinh',
			version: '2',
			name: 'Mẫu của tỉnh',
			locale: 'vi',
			sections: [
				{
					id: 'A',
					title: 'Phần A',
					items: [item({ id: 'A1', kind: 'pass' }), item({ id: 'A2', kind: 'pass', critical: true })]
				}
			],
			grading: { bands, criticalCap: 'tb', ...grading }
		});
	const answers = [a('A1', pass), a('A2', pass)];

	it('computes no posting index when the version has none, and over the items it names when it has one', () => {
		const none = scoreInspection({ template: twoItems({ publicPostingIndex: null }), sectionIds: ['A'], officers: [], answers });
		expect(none.postingIndex).toBeNull();
		const own = { label: 'Chỉ số công khai của tỉnh', physicalItemId: 'A2', electronicItemId: 'A1' };
		const scored = scoreInspection({ template: twoItems({ publicPostingIndex: own }), sectionIds: ['A'], officers: [], answers });
		expect(scored.postingIndex).toEqual({ ...own, points: 2 });
	});

	it("takes the grade threshold and the bands' labels from the version", () => {
		const labels = [
			{ id: 'xuat-sac', label: 'Xuất sắc', minScore: 0.95 },
			{ id: 'dat', label: 'Đạt', minScore: 0.5 },
			{ id: 'chua-dat', label: 'Chưa đạt', minScore: 0 }
		];
		const t = twoItems({ bands: labels, criticalCap: 'dat', minCheckedShare: 0.5 });
		const s = scoreInspection({ template: t, sectionIds: ['A'], officers: [], answers: [a('A1', pass), a('A2', fail)] });
		expect(s.grade?.label).toBe('Đạt');
		expect(s.minCheckedShare).toBe(0.5);
		// A version stored before these fields existed scores as version 1 did.
		expect(twoItems({}).grading.minCheckedShare).toBe(0.8);
		expect(twoItems({}).grading.method.id).toBe('weighted-pass-share');
	});
});

describe('sipasFailures', () => {
	const t = template([
		{
			id: 'A',
			items: [
				{ id: 'A1', kind: 'pass', sipas: 'TT' },
				{ id: 'A2', kind: 'pass', sipas: 'TT' },
				{ id: 'A3', kind: 'pass', sipas: 'PA' }
			]
		},
		{
			id: 'C',
			items: [
				{ id: 'C1', kind: 'pass', sipas: 'CC', perOfficer: true },
				{ id: 'C2', kind: 'pass', sipas: 'CC', perOfficer: true },
				{ id: 'C3', kind: 'pass', sipas: 'KQ' }
			]
		}
	]);

	it('counts each failed or partly failed item once under its factor, every factor present', () => {
		const answers = [
			a('A1', fail),
			a('A2', fail),
			a('A3', pass),
			a('C1', fail, OFF1.id),
			a('C1', fail, OFF2.id),
			a('C2', pass, OFF1.id),
			a('C2', fail, OFF2.id),
			a('C3', na)
		];
		const score = scoreInspection({ template: t, sectionIds: ['A', 'C'], officers, answers });
		expect(sipasFailures(t, score)).toEqual({ TC: 0, TT: 2, CC: 2, KQ: 0, PA: 0 });
	});

	it('counts nothing in sections left out of the inspection', () => {
		const score = scoreInspection({ template: t, sectionIds: ['C'], officers, answers: [a('A1', fail), a('C3', fail)] });
		expect(sipasFailures(t, score)).toEqual({ TC: 0, TT: 0, CC: 0, KQ: 1, PA: 0 });
	});
});

describe('generateFindings', () => {
	const t = template([
		{
			id: 'A',
			items: [
				{
					id: 'A1',
					kind: 'count',
					critical: true,
					count: { threshold: 1, numeratorLabel: 'n', denominatorLabel: 'd' },
					remediation: { text: 'Niêm yết đủ TTHC', deadlineDays: 10 }
				},
				{ id: 'A2', kind: 'sample', sample: { defaultSize: 5, unitLabel: 'TTHC' } },
				{ id: 'A3', kind: 'pass' },
				{ id: 'A4', kind: 'number', number: { unit: 'ghế', passMin: 10 } },
				{ id: 'A5', kind: 'pass' }
			]
		},
		{ id: 'B', items: [{ id: 'B1', kind: 'pass', critical: true }] }
	]);
	const input = {
		template: t,
		sectionIds: ['A', 'B'],
		officers: [],
		answers: [
			a('A1', { kind: 'count', numerator: 45, denominator: 50 }),
			a('A2', { kind: 'sample', size: 5, passed: 3 }, '', '  '),
			a('A3', fail, '', 'Bảng niêm yết cũ'),
			a('A4', { kind: 'number', value: 6 }),
			a('A5', pass, '', 'Tốt'),
			a('B1', fail)
		]
	};

	it('proposes one finding per failed item, in template order, with figures and notes', () => {
		const findings = generateFindings(input);
		expect(findings.map((f) => [f.itemId, f.detail])).toEqual([
			['A1', 'Đạt 45/50 (yêu cầu ≥ 100%)'],
			['A2', 'Kiểm tra 5 TTHC, 3 đạt'],
			['A3', 'Không đạt. Ghi chú: Bảng niêm yết cũ'],
			['A4', 'Ghi nhận 6 ghế (yêu cầu ≥ 10 ghế)'],
			['B1', 'Không đạt']
		]);
		expect(findings[0]).toEqual({
			itemId: 'A1',
			sectionId: 'A',
			title: 'Mục A1',
			detail: 'Đạt 45/50 (yêu cầu ≥ 100%)',
			officerIds: [],
			critical: true,
			legal,
			recommendation: 'Niêm yết đủ TTHC',
			deadlineDays: 10
		});
		expect(findings.map((f) => f.sectionId)).toEqual(['A', 'A', 'A', 'A', 'B']);
	});

	it('gives the same findings with a precomputed score', () => {
		expect(generateFindings(input, scoreInspection(input))).toEqual(generateFindings(input));
	});

	it('formats a fractional threshold with a decimal comma', () => {
		const t2 = template([
			{ id: 'A', items: [{ id: 'A1', kind: 'count', count: { threshold: 0.875, numeratorLabel: 'n', denominatorLabel: 'd' } }] }
		]);
		const [f] = generateFindings({
			template: t2,
			sectionIds: ['A'],
			officers: [],
			answers: [a('A1', { kind: 'count', numerator: 3, denominator: 4 }, '', 'Thiếu 1 người')]
		});
		expect(f!.detail).toBe('Đạt 3/4 (yêu cầu ≥ 87,5%). Ghi chú: Thiếu 1 người');
	});
});

describe('deadlineFor', () => {
	it('counts the deadline from the date in Vietnam when the inspection started', () => {
		// 23:30 in Hà Nội is 16:30 UTC the same day; 00:30 local is the previous day in UTC.
		expect(deadlineFor('2025-06-30T23:30:00+07:00', 15)).toBe('2025-07-15');
		expect(deadlineFor('2025-07-01T00:30:00+07:00', 30)).toBe('2025-07-31');
		expect(deadlineFor('2025-06-30T17:30:00Z', 15)).toBe('2025-07-16');
	});
});

describe('formatScore', () => {
	it('shows a whole percentage or a dash', () => {
		expect(formatScore(0.8667)).toBe('87%');
		expect(formatScore(1)).toBe('100%');
		expect(formatScore(0)).toBe('0%');
		expect(formatScore(null)).toBe('—');
	});
});
