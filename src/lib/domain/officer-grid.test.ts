// Tests for officer-grid.ts: the tap cycle, the counts per officer and per item, the page's blocks.
import { describe, expect, it } from 'vitest';
import { templateSchema, type TemplateItem } from './template';
import type { AnswerValue } from './inspection';
import { cellState, gridCounts, nextCellValue, sectionBlocks } from './officer-grid';

const legal = [{ document: 'Nghị định 61/2018/NĐ-CP', article: 'Điều 13' }];
function items(...defs: ({ id: string; kind: TemplateItem['kind'] } & Record<string, unknown>)[]): TemplateItem[] {
	const t = templateSchema.parse({
		id: 't',
		version: '1',
		name: 'Mẫu',
		locale: 'vi',
		sections: [
			{
				id: defs[0]!.id[0],
				title: 'Phần ' + defs[0]!.id[0],
				items: defs.map((d) => ({
					text: `Mục ${d.id}`,
					sipas: 'CC',
					legal,
					remediation: { text: 'Khắc phục ngay', deadlineDays: 5 },
					...d
				}))
			}
		],
		grading: {
			bands: [
				{ id: 'dat', label: 'Đạt', minScore: 0.5 },
				{ id: 'yeu', label: 'Yếu', minScore: 0 }
			],
			criticalCap: 'yeu'
		}
	});
	return t.sections[0]!.items;
}

const pass: AnswerValue = { kind: 'pass', result: 'pass' };
const fail: AnswerValue = { kind: 'pass', result: 'fail' };

describe('nextCellValue', () => {
	it('cycles đạt → không đạt → không áp dụng → unanswered → đạt', () => {
		expect.hasAssertions();
		const [item] = items({ id: 'D1', kind: 'pass', perOfficer: true });
		const seen: (AnswerValue | null)[] = [];
		let value: AnswerValue | null = null;
		for (let i = 0; i < 5; i++) seen.push((value = nextCellValue(item!, value)));
		expect(seen).toEqual([pass, fail, { kind: 'na', reason: 'not_applicable' }, null, pass]);
	});

	it('says "không quan sát được" on an observable item, and clears a "không kiểm tra được" cell', () => {
		const [item] = items({ id: 'D1', kind: 'pass', perOfficer: true, observable: true });
		expect(nextCellValue(item!, fail)).toEqual({ kind: 'na', reason: 'not_observed' });
		expect(nextCellValue(item!, { kind: 'na', reason: 'not_checkable', text: 'quầy đóng' })).toBeNull();
	});

	it('treats an answer of another kind as unanswered, as scoring does', () => {
		const [item] = items({ id: 'D1', kind: 'pass', perOfficer: true });
		expect(cellState({ kind: 'text', value: 'x' })).toBe('unanswered');
		expect(nextCellValue(item!, { kind: 'text', value: 'x' })).toEqual(pass);
	});
});

describe('gridCounts', () => {
	it('counts each state per officer and per item, "không áp dụng" and "không kiểm tra được" together', () => {
		const rows = items({ id: 'D1', kind: 'pass', perOfficer: true }, { id: 'D2', kind: 'pass', perOfficer: true });
		const answers: Record<string, AnswerValue> = {
			'D1|o1': pass,
			'D1|o2': fail,
			'D1|o3': { kind: 'na', reason: 'not_observed' },
			'D2|o1': pass,
			'D2|o2': { kind: 'na', reason: 'not_checkable', text: 'vắng mặt' }
		};
		const { byOfficer, byItem } = gridCounts(rows, ['o1', 'o2', 'o3'], (i, o) => answers[`${i}|${o}`]);
		expect(Object.fromEntries(byOfficer)).toEqual({
			o1: { pass: 2, fail: 0, na: 0, unanswered: 0 },
			o2: { pass: 0, fail: 1, na: 1, unanswered: 0 },
			o3: { pass: 0, fail: 0, na: 1, unanswered: 1 }
		});
		expect(Object.fromEntries(byItem)).toEqual({
			D1: { pass: 1, fail: 1, na: 1, unanswered: 0 },
			D2: { pass: 1, fail: 0, na: 1, unanswered: 1 }
		});
	});
});

describe('sectionBlocks', () => {
	const section = items(
		{ id: 'C1', kind: 'count', count: { numeratorLabel: 'a', denominatorLabel: 'b', threshold: 1 } },
		{ id: 'C6', kind: 'pass', perOfficer: true },
		{ id: 'C7', kind: 'pass', perOfficer: true },
		{ id: 'C8', kind: 'pass' },
		{ id: 'C9', kind: 'pass', perOfficer: true },
		{
			id: 'C10',
			kind: 'choice',
			perOfficer: true,
			choice: {
				options: [
					{ value: 'x', label: 'X', passes: true },
					{ value: 'y', label: 'Y', passes: false }
				]
			}
		}
	);
	const shape = (officers: number) =>
		sectionBlocks(section, officers).map((b) => (b.kind === 'grid' ? b.items.map((i) => i.id) : b.item.id));

	it('keeps template order, grouping consecutive per-officer pass/fail items into one grid', () => {
		expect(shape(5)).toEqual(['C1', ['C6', 'C7'], 'C8', ['C9'], 'C10']);
	});

	it('gives every item its card while no officer is recorded', () => {
		expect(shape(0)).toEqual(['C1', 'C6', 'C7', 'C8', 'C9', 'C10']);
	});
});
