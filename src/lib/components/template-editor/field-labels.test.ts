import { describe, expect, it } from 'vitest';
import { placeOf } from './field-labels';

describe('a place in a template, in words', () => {
	it('reads a field path as sections, items and the field’s label, never the path itself', () => {
		expect(placeOf('sections.0.items.13.text')).toBe('Phần thứ 1 › mục thứ 14 › Nội dung kiểm tra (tiếng Việt)');
		expect(placeOf('sections.1.title')).toBe('Phần thứ 2 › Tên phần (tiếng Việt)');
		expect(placeOf('sections.0.items.2.remediation.deadlineDays')).toContain('mục thứ 3 › ');
		expect(placeOf('sections.0.items.2.somethingNew')).toBe('Phần thứ 1 › mục thứ 3');
		expect(placeOf('')).toBe('Toàn mẫu');
		expect(placeOf('internalOnly')).toBe('Toàn mẫu');
	});

	it('names sections and items by their ids when the template is at hand', () => {
		const outline = { sections: [{ id: 'A', items: [{ id: 'A1' }, { id: 'A2' }] }] };
		expect(placeOf('sections.0.items.1.weight', outline)).toBe('Phần A › mục A2 › Trọng số');
	});
});

describe('placeOf in a questionnaire (issue 19)', () => {
	it('names groups, questions, facts and options in words, never the path', () => {
		expect(placeOf('groups.0.questions.1.text')).toBe('Nhóm câu hỏi thứ 1 › câu hỏi thứ 2 › Câu hỏi (tiếng Việt)');
		expect(placeOf('facts.2.options.0.label')).toBe('Thông tin về người trả lời thứ 3 › lựa chọn thứ 1');
		expect(placeOf('intro')).toBe('Lời mở đầu đọc cho người dân (tiếng Việt)');
	});
});
