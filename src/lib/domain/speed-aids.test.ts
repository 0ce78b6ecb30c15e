// Tests for speed-aids.ts: which slots "all remaining pass" answers, and where "next unanswered" goes.
import { describe, expect, it } from 'vitest';
import { templateSchema, type Template, type TemplateItem } from './template';
import type { AnswerValue } from './inspection';
import { scoreInspection, type ScoringAnswer } from './scoring';
import { nextUnanswered, restOfSectionPassSlots, restPassSummary, unansweredSlots } from './speed-aids';

const legal = [{ document: 'Nghị định 61/2018/NĐ-CP', article: 'Điều 13' }];
type ItemInput = { id: string; kind: TemplateItem['kind'] } & Record<string, unknown>;
function template(sections: { id: string; items: ItemInput[] }[]): Template {
	return templateSchema.parse({
		id: 't',
		version: '1',
		name: 'Mẫu',
		locale: 'vi',
		sections: sections.map((s) => ({
			title: `Phần ${s.id}`,
			...s,
			items: s.items.map((i) => ({
				text: `Mục ${i.id}`,
				sipas: 'TC',
				legal,
				remediation: { text: 'Khắc phục ngay', deadlineDays: 5 },
				...i
			}))
		})),
		grading: {
			bands: [
				{ id: 'dat', label: 'Đạt', minScore: 0.5 },
				{ id: 'yeu', label: 'Yếu', minScore: 0 }
			],
			criticalCap: 'yeu'
		}
	});
}

const pass: AnswerValue = { kind: 'pass', result: 'pass' };
const fail: AnswerValue = { kind: 'pass', result: 'fail' };
const count = { kind: 'count', count: { numeratorLabel: 'a', denominatorLabel: 'b', threshold: 1 } } as const;
const t = template([
	{
		id: 'A',
		items: [
			{ id: 'A1', ...count },
			{ id: 'A2', kind: 'pass' },
			{ id: 'A3', kind: 'pass' }
		]
	},
	{
		id: 'D',
		items: [
			{ id: 'D1', kind: 'pass', perOfficer: true },
			{ id: 'D2', kind: 'pass', perOfficer: true }
		]
	}
]);
const officers = [
	{ id: 'o1', name: 'Hoa' },
	{ id: 'o2', name: 'Bình' }
];
const scoreOf = (answers: ScoringAnswer[]) => scoreInspection({ template: t, sectionIds: ['A', 'D'], officers, answers });
const a = (itemId: string, value: AnswerValue, officerId = ''): ScoringAnswer => ({ itemId, officerId, value });
const refs = (slots: { itemId: string; officerId: string }[]) => slots.map((s) => `${s.itemId}|${s.officerId}`);

describe('restOfSectionPassSlots', () => {
	it('answers only pass/fail slots with no answer, for each officer on a per-officer item, never a figure', () => {
		const given: Record<string, AnswerValue> = {
			'A3|': fail,
			'D1|o2': { kind: 'na', reason: 'not_observed' },
			'D2|o1': { kind: 'text', value: 'x' }
		};
		const valueOf = (i: string, o: string) => given[`${i}|${o}`];
		expect(refs(restOfSectionPassSlots(t.sections[0]!, ['o1', 'o2'], valueOf))).toEqual(['A2|']);
		expect(refs(restOfSectionPassSlots(t.sections[1]!, ['o1', 'o2'], valueOf))).toEqual(['D1|o1', 'D2|o1', 'D2|o2']);
	});
});

describe('nextUnanswered', () => {
	it('finishes the section first (after the slot, then before it), then goes on across sections, wrapping round', () => {
		const score = scoreOf([a('A2', pass), a('D1', pass, 'o1')]);
		expect(refs(unansweredSlots(score))).toEqual(['A1|', 'A3|', 'D1|o2', 'D2|o1', 'D2|o2']);
		expect(nextUnanswered(score, null)).toEqual({ sectionId: 'A', itemId: 'A1', officerId: '' });
		// A slot left for later does not hold the jump: after A1 (still unanswered) comes A3.
		expect(nextUnanswered(score, { itemId: 'A1', officerId: '' })?.itemId).toBe('A3');
		// From A3 the section's earlier A1 comes before section D.
		expect(nextUnanswered(score, { itemId: 'A3', officerId: '' })?.itemId).toBe('A1');
		expect(nextUnanswered(score, { itemId: 'A2', officerId: '' })?.itemId).toBe('A3');
		expect(nextUnanswered(score, { itemId: 'D2', officerId: 'o2' })).toEqual({ sectionId: 'D', itemId: 'D1', officerId: 'o2' });

		const aDone = scoreOf([a('A1', { kind: 'count', numerator: 1, denominator: 1 }), a('A2', pass), a('A3', pass)]);
		expect(nextUnanswered(aDone, { itemId: 'A3', officerId: '' })).toEqual({ sectionId: 'D', itemId: 'D1', officerId: 'o1' });
		const dOpen = scoreOf([a('A2', pass), ...['D1', 'D2'].flatMap((i) => officers.map((o) => a(i, pass, o.id)))]);
		// Nothing left in D: round to A's first.
		expect(nextUnanswered(dOpen, { itemId: 'D2', officerId: 'o2' })?.itemId).toBe('A1');
	});

	it('keeps to the sections the viewer may write, and says when nothing is left', () => {
		const score = scoreOf([a('A2', pass)]);
		expect(nextUnanswered(score, null, (s) => s === 'D')).toEqual({ sectionId: 'D', itemId: 'D1', officerId: 'o1' });
		const done = scoreOf([
			a('A1', { kind: 'count', numerator: 1, denominator: 1 }),
			a('A2', pass),
			a('A3', pass),
			...['D1', 'D2'].flatMap((i) => officers.map((o) => a(i, pass, o.id)))
		]);
		expect(nextUnanswered(done, null)).toBeNull();
	});
});

describe('restPassSummary', () => {
	it('groups the confirmed answers per section, items in template order with their officers, leaving out taps', () => {
		const at = (s: number) => `2026-12-06T09:00:0${s}.000+07:00`;
		const answers = [
			{ itemId: 'D10', officerId: 'o1', via: 'section_rest_pass', answeredBy: 'lead', answeredAt: at(2) },
			{ itemId: 'D2', officerId: 'o1', via: 'section_rest_pass', answeredBy: 'lead', answeredAt: at(1) },
			{ itemId: 'D2', officerId: 'o2', via: 'section_rest_pass', answeredBy: 'lead', answeredAt: at(1) },
			{ itemId: 'D3', officerId: 'o2', answeredBy: 'lead', answeredAt: at(0) },
			{ itemId: 'A2', officerId: '', via: 'section_rest_pass', answeredBy: 'ba', answeredAt: at(3) }
		];
		expect(restPassSummary(['A', 'B', 'D'], answers)).toEqual([
			{ sectionId: 'A', count: 1, items: [{ itemId: 'A2', officers: 0 }], authors: ['ba'], firstAt: at(3) },
			{
				sectionId: 'D',
				count: 3,
				items: [
					{ itemId: 'D2', officers: 2 },
					{ itemId: 'D10', officers: 1 }
				],
				authors: ['lead'],
				firstAt: at(1)
			}
		]);
	});
});
