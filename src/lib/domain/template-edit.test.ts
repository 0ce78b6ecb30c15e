import { describe, expect, it } from 'vitest';
import { templateItemSchema } from './template';
import { blankItem, blankSection, moved, nextItemId, nextSectionId, withKind } from './template-edit';

describe('moved', () => {
	it('moves an element up and down without touching the input', () => {
		const list = ['A', 'B', 'C'];
		expect(moved(list, 2, -1)).toEqual(['A', 'C', 'B']);
		expect(moved(list, 0, 1)).toEqual(['B', 'A', 'C']);
		expect(list).toEqual(['A', 'B', 'C']);
	});
	it('stops at the ends and ignores an index outside the list', () => {
		expect(moved(['A', 'B'], 0, -1)).toEqual(['A', 'B']);
		expect(moved(['A', 'B'], 1, 1)).toEqual(['A', 'B']);
		expect(moved(['A', 'B'], 5, -1)).toEqual(['A', 'B']);
	});
});

describe('nextItemId', () => {
	const section = (...ids: string[]) => ({ id: 'C', items: ids.map((id) => blankItem(id)) });
	it('takes one above the highest number, whatever the order', () => {
		expect(nextItemId(section('C1', 'C7', 'C3'))).toBe('C8');
		expect(nextItemId(section())).toBe('C1');
	});
	it('does not reuse the id of an item an earlier version had, nor read ids of other sections', () => {
		expect(nextItemId(section('C1', 'C2'), ['C11', 'D40', 'C'])).toBe('C12');
	});
	it('has no id left after 99', () => {
		expect(nextItemId(section('C99'))).toBeNull();
	});
});

describe('nextSectionId', () => {
	it('takes the first free letter, skipping reserved ones', () => {
		expect(nextSectionId([{ id: 'A' }, { id: 'C' }])).toBe('B');
		expect(nextSectionId([{ id: 'A' }, { id: 'C' }], ['B'])).toBe('D');
	});
	it('has none left after Z', () => {
		const all = Array.from({ length: 26 }, (_, i) => ({ id: String.fromCharCode(65 + i) }));
		expect(nextSectionId(all)).toBeNull();
	});
});

describe('blank items and sections', () => {
	it('are refused by the schema until the admin writes their text (nothing saved half-empty)', () => {
		expect(templateItemSchema.safeParse(blankItem('A1')).success).toBe(false);
		const filled = {
			...blankItem('A1'),
			text: 'Có bảng niêm yết',
			legal: [{ document: 'NĐ 118/2025/NĐ-CP' }],
			remediation: { text: 'Bổ sung', deadlineDays: 30 }
		};
		expect(templateItemSchema.safeParse(filled).success).toBe(true);
	});
	it('a new section starts with its first item', () => {
		expect(blankSection('F').items.map((i) => i.id)).toEqual(['F1']);
	});
});

describe('withKind', () => {
	const item = { ...blankItem('B2'), text: 'Số công chức có mặt', critical: true, legal: [{ document: 'TT 03/2025/TT-VPCP' }] };
	it('keeps the shared fields and gives the new kind its settings', () => {
		const counted = withKind(item, 'count');
		expect(counted).toMatchObject({ id: 'B2', text: 'Số công chức có mặt', critical: true, kind: 'count' });
		expect(counted.kind === 'count' && counted.count.threshold).toBe(1);
	});
	it("drops the old kind's settings", () => {
		const back = withKind(withKind(item, 'choice'), 'pass');
		expect(back).not.toHaveProperty('choice');
		expect(back.kind).toBe('pass');
	});
	it('returns the same item when the kind does not change', () => {
		expect(withKind(item, 'pass')).toBe(item);
	});
});
