import { describe, expect, it } from 'vitest';
import { defaultTemplate } from '$lib/templates';
import { everyKindTemplate } from './every-kind-template.fixture';
import type { Template } from './template';
import { diffTemplates } from './template-diff';

/** A deep copy to edit, so no test changes the shared fixtures. */
const copy = (t: Template): Template => structuredClone(t);
const section = (t: Template, id: string) => t.sections.find((s) => s.id === id)!;
const item = (t: Template, id: string) => t.sections.flatMap((s) => s.items).find((i) => i.id === id)!;

describe('diffTemplates', () => {
	it('finds nothing between a template and a copy of itself, whatever the version says', () => {
		const draft = copy(defaultTemplate);
		draft.version = '2026.1';
		expect(diffTemplates(defaultTemplate, draft)).toEqual([]);
		expect(diffTemplates(everyKindTemplate, copy(everyKindTemplate))).toEqual([]);
	});

	it('names the changed fields of an item with their values before and after, nested fields by path', () => {
		const draft = copy(everyKindTemplate);
		const a1 = item(draft, 'A1');
		a1.text = 'Niêm yết đầy đủ, đúng quy định';
		a1.remediation.deadlineDays = 10;
		delete a1.guidanceEn;
		expect(diffTemplates(everyKindTemplate, draft)).toEqual([
			{
				kind: 'item_changed',
				sectionId: 'A',
				itemId: 'A1',
				changes: [
					{ field: 'text', before: 'Niêm yết đầy đủ', after: 'Niêm yết đầy đủ, đúng quy định' },
					{ field: 'guidanceEn', before: 'Count the boards.', after: undefined },
					{ field: 'remediation.deadlineDays', before: 7, after: 10 }
				]
			}
		]);
	});

	it('reports a changed legal basis as the whole list before and after', () => {
		const draft = copy(everyKindTemplate);
		item(draft, 'A2').legal[0]!.status = 'historical';
		const [change] = diffTemplates(everyKindTemplate, draft);
		expect(change).toEqual({
			kind: 'item_changed',
			sectionId: 'A',
			itemId: 'A2',
			changes: [
				{
					field: 'legal',
					before: [{ document: 'Thông tư 03/2025/TT-VPCP', article: 'Điều 5' }],
					after: [{ document: 'Thông tư 03/2025/TT-VPCP', article: 'Điều 5', status: 'historical' }]
				}
			]
		});
	});

	it('reports a kind change as the kind and its settings', () => {
		const draft = copy(everyKindTemplate);
		const b4 = section(draft, 'B').items[3]!;
		section(draft, 'B').items[3] = { ...b4, kind: 'number', number: { passMin: 1 } };
		expect(diffTemplates(everyKindTemplate, draft)).toEqual([
			{
				kind: 'item_changed',
				sectionId: 'B',
				itemId: 'B4',
				changes: [
					{ field: 'kind', before: 'text', after: 'number' },
					{ field: 'number', before: undefined, after: { passMin: 1 } }
				]
			}
		]);
	});

	it('tells an added item and a retired one, and does not call the items after an insertion moved', () => {
		const draft = copy(everyKindTemplate);
		const b = section(draft, 'B');
		const b1 = b.items[0]!;
		b.items.splice(2, 1); // retire B3
		b.items.splice(1, 0, { ...b1, id: 'B5', text: 'Câu hỏi mới' });
		expect(diffTemplates(everyKindTemplate, draft)).toEqual([
			{ kind: 'item_removed', sectionId: 'B', itemId: 'B3' },
			{ kind: 'item_added', sectionId: 'B', itemId: 'B5', index: 1 }
		]);
	});

	it('reports only the item that really moved when one is taken out and put elsewhere', () => {
		const draft = copy(everyKindTemplate);
		const b = section(draft, 'B');
		const [b12] = b.items.splice(4, 1);
		b.items.unshift(b12!);
		expect(diffTemplates(everyKindTemplate, draft)).toEqual([
			{ kind: 'item_moved', sectionId: 'B', itemId: 'B12', fromIndex: 4, toIndex: 0 }
		]);
	});

	it('reports a section retitled, switched on by default and reordered', () => {
		const draft = copy(everyKindTemplate);
		const b = section(draft, 'B');
		b.title = 'Hồ sơ thủ tục';
		b.enabledByDefault = true;
		draft.sections.reverse();
		expect(diffTemplates(everyKindTemplate, draft)).toEqual([
			{ kind: 'section_moved', sectionId: 'B', fromIndex: 1, toIndex: 0 },
			{
				kind: 'section_changed',
				sectionId: 'B',
				changes: [
					{ field: 'title', before: 'Hồ sơ', after: 'Hồ sơ thủ tục' },
					{ field: 'enabledByDefault', before: false, after: true }
				]
			}
		]);
	});

	it('lists the items of an added section as added and those of a removed section as retired', () => {
		const draft = copy(everyKindTemplate);
		const removed = draft.sections.pop()!;
		draft.sections.push({ ...removed, id: 'C', items: removed.items.slice(0, 1).map((i) => ({ ...i, id: 'C1' })) });
		expect(diffTemplates(everyKindTemplate, draft)).toEqual([
			{ kind: 'section_added', sectionId: 'C', index: 1 },
			{ kind: 'item_added', sectionId: 'C', itemId: 'C1', index: 0 },
			{ kind: 'section_removed', sectionId: 'B' },
			...['B1', 'B2', 'B3', 'B4', 'B12'].map((itemId) => ({ kind: 'item_removed', sectionId: 'B', itemId }))
		]);
	});

	it('reports grading and the template name, not id and version', () => {
		const draft = copy(everyKindTemplate);
		draft.id = 'other';
		draft.version = '9';
		draft.name = 'Mẫu thử, bản sửa';
		draft.grading.criticalCap = 'dat';
		draft.grading.bands[0]!.label = 'Đạt yêu cầu';
		const bandsBefore = everyKindTemplate.grading.bands;
		expect(diffTemplates(everyKindTemplate, draft)).toEqual([
			{ kind: 'template_changed', changes: [{ field: 'name', before: everyKindTemplate.name, after: 'Mẫu thử, bản sửa' }] },
			{
				kind: 'grading_changed',
				changes: [
					{ field: 'bands', before: bandsBefore, after: draft.grading.bands },
					{ field: 'criticalCap', before: 'khong-dat', after: 'dat' }
				]
			}
		]);
	});
});
