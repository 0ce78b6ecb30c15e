import { describe, expect, it } from 'vitest';
import { citeLegal, vietnameseDate, vietnameseTime } from './record-text';

describe('record wording', () => {
	it('cites article, clause, document in the usual order', () => {
		expect(citeLegal({ document: 'Nghị định 63/2010/NĐ-CP', article: 'Điều 17', clause: 'khoản 1 điểm b' })).toBe(
			'Điều 17 khoản 1 điểm b Nghị định 63/2010/NĐ-CP'
		);
		expect(citeLegal({ document: 'Chỉ thị 26/CT-TTg' })).toBe('Chỉ thị 26/CT-TTg');
	});
	it('writes dates and times the Vietnamese administrative way', () => {
		expect(vietnameseDate('2026-11-25T08:30:00+07:00')).toBe('ngày 25 tháng 11 năm 2026');
		expect(vietnameseTime('2026-11-25T08:30:00+07:00')).toBe('08 giờ 30 phút');
	});
});
