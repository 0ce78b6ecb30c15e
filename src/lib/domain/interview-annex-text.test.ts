import { describe, expect, it } from 'vitest';
import { annexCriticalLine, annexCriticalSummary, annexFactorLine, annexRespondentsLine, vietnameseMean } from './interview-annex-text';

describe('the annex of citizens’ interviews, in the record’s words', () => {
	it('prints a factor’s mean with the decimal comma, its n, and a small sample as such', () => {
		expect(vietnameseMean(4.3333)).toBe('4,33');
		expect(vietnameseMean(4)).toBe('4');
		expect(annexFactorLine({ factor: 'TC', n: 3, mean: 4.33, smallSample: true })).toBe(
			'Tiếp cận dịch vụ: 4,33/5 (n = 3, mẫu nhỏ dưới 10 người, chỉ để tham khảo).'
		);
		expect(annexFactorLine({ factor: 'CC', n: 12, mean: 3.5, smallSample: false })).toBe('Công chức: 3,5/5 (n = 12).');
		expect(annexFactorLine({ factor: 'KQ', n: 0, mean: null, smallSample: true })).toBe('Kết quả giải quyết: chưa có người trả lời.');
	});

	it('counts respondents and critical answers without a word of any respondent', () => {
		expect(annexRespondentsLine({ respondents: 3 })).toMatch(/^Số người được hỏi ý kiến: 3 /);
		expect(annexCriticalLine({ text: 'Có công chức nào đòi hỏi tiền, quà?', count: 2 })).toBe(
			'Có công chức nào đòi hỏi tiền, quà: 2 người.'
		);
		expect(annexCriticalSummary({ critical: [], respondentsWithCritical: 0 })).toBe('Không có câu trả lời nào thuộc nhóm cần lưu ý.');
		expect(annexCriticalSummary({ critical: [{ questionId: 'Q7', text: 'x', count: 1 }], respondentsWithCritical: 1 })).toContain(': 1.');
	});
});
