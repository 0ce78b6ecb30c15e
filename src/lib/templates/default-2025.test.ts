// Tests that the default 2025.1 checklist template matches checklists.md and that the schema guards it.
import { describe, it, expect } from 'vitest';
import { templateSchema, type Template } from '$lib/domain/template';
import { defaultTemplate2025, ND61_REPLACED, TT01_REPLACED } from './default-2025';
import { defaultTemplate, getTemplate, templates } from './index';

/** 'A', 3 → ['A1', 'A2', 'A3'] */
const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

const expectedIds = [...range('A', 10), ...range('B', 14), ...range('C', 11), ...range('D', 13)];

/** Written out from the "officer" column of checklists.md (C6–C10) and the per-officer D area. */
const expectedPerOfficer = [
	'C6',
	'C7',
	'C8',
	'C9',
	'C10',
	'D1',
	'D2',
	'D3',
	'D4',
	'D5',
	'D6',
	'D7',
	'D8',
	'D9',
	'D10',
	'D11',
	'D12',
	'D13'
];
/** Written out from the "crit" column of checklists.md. */
const expectedCritical = ['A1', 'A3', 'A5', 'C1', 'C4', 'C10', 'D9', 'D11', 'D13'];

const items = (t: Template) => t.sections.flatMap((s) => s.items);
const itemsOf = (t: Template, sectionIds: string[]) => t.sections.filter((s) => sectionIds.includes(s.id)).flatMap((s) => s.items);

/** A deep copy of the raw data to break on purpose. */
const rawCopy = () => structuredClone(defaultTemplate2025);

describe('default template 2025.1', () => {
	it('parses from raw data and is the registered default', () => {
		const parsed = templateSchema.parse(defaultTemplate2025);
		expect(parsed.id).toBe('mac-dinh');
		expect(parsed.version).toBe('2025.1');
		expect(parsed.locale).toBe('vi');
		expect(defaultTemplate).toEqual(parsed);
		expect(getTemplate('mac-dinh', '2025.1')).toBe(defaultTemplate);
		expect(getTemplate('mac-dinh', '2024.1')).toBeUndefined();
	});

	it('every registered template parses with the schema', () => {
		expect(templates.length).toBeGreaterThan(0);
		for (const t of templates) expect(templateSchema.safeParse(t).success).toBe(true);
	});

	it('carries every item A1–A10, B1–B14, C1–C11, D1–D13 in order', () => {
		const ids = itemsOf(defaultTemplate, ['A', 'B', 'C', 'D']).map((i) => i.id);
		expect(ids).toEqual(expectedIds);
		expect(defaultTemplate.sections.map((s) => s.id)).toEqual(['A', 'B', 'C', 'D', 'E']);
	});

	it('gives every item a legal basis with a named document', () => {
		for (const item of items(defaultTemplate)) {
			expect(item.legal.length, item.id).toBeGreaterThan(0);
			for (const ref of item.legal) expect(ref.document.trim(), item.id).not.toBe('');
		}
	});

	it('flags references to replaced texts', () => {
		const refs = items(defaultTemplate).flatMap((i) => i.legal);
		const nd61 = refs.filter((r) => r.document === 'Nghị định 61/2018/NĐ-CP');
		const tt01 = refs.filter((r) => r.document === 'Thông tư 01/2018/TT-VPCP');
		expect(nd61.length).toBeGreaterThan(0);
		expect(tt01.length).toBeGreaterThan(0);
		for (const r of nd61) expect(r.note).toContain(ND61_REPLACED);
		for (const r of tt01) expect(r.note).toContain(TT01_REPLACED);
	});

	it('keeps seed references out of legal', () => {
		for (const item of items(defaultTemplate)) for (const ref of item.legal) expect(ref.document, item.id).not.toMatch(/seed/i);
	});

	it('has section E, off by default', () => {
		const e = defaultTemplate.sections.find((s) => s.id === 'E');
		expect(e).toBeDefined();
		expect(e?.enabledByDefault).toBe(false);
		expect(e?.items.length).toBeGreaterThanOrEqual(3);
		for (const id of ['A', 'B', 'C', 'D']) expect(defaultTemplate.sections.find((s) => s.id === id)?.enabledByDefault).toBe(true);
	});

	it('marks per-officer and critical items as in the checklist table', () => {
		const all = items(defaultTemplate);
		expect(all.filter((i) => i.perOfficer).map((i) => i.id)).toEqual(expectedPerOfficer);
		expect(all.filter((i) => i.critical).map((i) => i.id)).toEqual(expectedCritical);
		for (const i of all) expect(i.weight, i.id).toBe(i.critical ? 2 : 1);
	});

	it('offers "không quan sát được" for C8, C9 and all D items, grouped by code', () => {
		const all = items(defaultTemplate);
		expect(all.filter((i) => i.observable).map((i) => i.id)).toEqual(['C8', 'C9', ...range('D', 13)]);
		const groups = itemsOf(defaultTemplate, ['D']).map((i) => i.group);
		expect(groups).toEqual([...Array<string>(4).fill('4 xin'), ...Array<string>(4).fill('4 luôn'), ...Array<string>(5).fill('5 không')]);
		for (const i of itemsOf(defaultTemplate, ['D'])) expect(i.sipas, i.id).toBe('CC');
	});

	it('configures counts and samples as specified', () => {
		const byId = new Map(items(defaultTemplate).map((i) => [i.id, i]));
		const count = (id: string) => {
			const i = byId.get(id);
			return i?.kind === 'count' ? i.count : undefined;
		};
		const sample = (id: string) => {
			const i = byId.get(id);
			return i?.kind === 'sample' ? i.sample : undefined;
		};
		expect(count('A1')).toEqual({
			threshold: 1,
			numeratorLabel: 'Số TTHC niêm yết',
			denominatorLabel: 'Số TTHC theo Quyết định công bố',
			partOfWhole: true
		});
		expect(count('B4')?.threshold).toBe(1);
		expect(count('C1')?.threshold).toBe(1);
		// A part of a whole can never exceed it; seats may outnumber the people waiting.
		expect(['A1', 'B4', 'C1', 'E4'].map((id) => count(id)?.partOfWhole)).toEqual([true, false, true, true]);
		expect(sample('A2')).toEqual({ defaultSize: 5, unitLabel: 'TTHC' });
		expect(sample('C11')).toEqual({ defaultSize: 3, unitLabel: 'hồ sơ trễ hạn' });
	});

	it('grades with four bands capped at trung bình', () => {
		expect(defaultTemplate.grading.bands.map((b) => [b.id, b.minScore])).toEqual([
			['tot', 0.9],
			['kha', 0.75],
			['trung-binh', 0.5],
			['kem', 0]
		]);
		expect(defaultTemplate.grading.criticalCap).toBe('trung-binh');
	});
});

describe('schema rejects broken copies', () => {
	it('accepts an untouched copy (control)', () => {
		expect(templateSchema.safeParse(rawCopy()).success).toBe(true);
	});

	it('rejects a duplicate item id', () => {
		const t = rawCopy();
		t.sections[0]!.items[1]!.id = 'A1';
		const r = templateSchema.safeParse(t);
		expect(r.success).toBe(false);
		expect(r.error?.issues.some((i) => i.message.includes('A1'))).toBe(true);
	});

	it('rejects an item without legal basis', () => {
		const t = rawCopy();
		t.sections[3]!.items[8]!.legal = [];
		expect(templateSchema.safeParse(t).success).toBe(false);
	});

	it('rejects a legal reference without a document', () => {
		const t = rawCopy();
		t.sections[1]!.items[0]!.legal = [{ document: '' }];
		expect(templateSchema.safeParse(t).success).toBe(false);
	});

	it('rejects an item filed under the wrong section', () => {
		const t = rawCopy();
		t.sections[2]!.items[0]!.id = 'B99';
		expect(templateSchema.safeParse(t).success).toBe(false);
	});

	it('rejects a critical cap that is not a band', () => {
		const t = rawCopy();
		t.grading.criticalCap = 'xuat-sac';
		expect(templateSchema.safeParse(t).success).toBe(false);
	});
});
