import { describe, expect, it } from 'vitest';
import { csvField, csvLine, guardFormula } from './csv';

describe('CSV fields (RFC 4180, formula guard)', () => {
	it('quotes a field holding a comma, a quote or a line break, doubling quotes', () => {
		expect(csvField('Phường Ba Đình')).toBe('Phường Ba Đình');
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('line 1\nline 2')).toBe('"line 1\nline 2"');
		expect(csvField('cr\r')).toBe('"cr\r"');
	});

	it('writes numbers and booleans as values, null as an empty field', () => {
		expect(csvLine([1, 2.5, true, false, null, ''])).toBe('1,2.5,TRUE,FALSE,,\r\n');
		expect(csvField(Number.NaN)).toBe('');
	});

	it('defuses text that a spreadsheet would run as a formula, but never a number', () => {
		for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(guardFormula(`${start}SUM(A1)`)).toBe(`'${start}SUM(A1)`);
		expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
		expect(csvField(-3)).toBe('-3');
		expect(csvField('a=b')).toBe('a=b');
	});
});
