import { describe, expect, it } from 'vitest';
import {
	exportColumns,
	exportDatasets,
	exportFilterInput,
	exportFilterSchema,
	exportHeadings,
	exportLanguageSchema,
	exportSearchParams,
	exportSheetNames
} from './exports';

describe('export columns, headings and query strings', () => {
	it('every column has a Vietnamese and an English heading; headings follow the language asked', () => {
		for (const dataset of exportDatasets) {
			for (const c of exportColumns[dataset]) {
				expect(c.label.trim()).not.toBe('');
				expect(c.labelEn.trim()).not.toBe('');
				expect(c.labelEn).toMatch(/^[\x20-\x7E–]+$/);
			}
			expect(exportHeadings(dataset, 'vi')).toEqual(exportColumns[dataset].map((c) => c.label));
			expect(exportHeadings(dataset, 'en')).toEqual(exportColumns[dataset].map((c) => c.labelEn));
			expect(new Set(exportHeadings(dataset, 'en')).size).toBe(exportColumns[dataset].length);
		}
		expect(exportHeadings('inspections', 'en')).toContain('Score (0–1)');
		expect(exportHeadings('inspections', 'vi')).toContain('Điểm (0–1)');
	});

	it('sheet names fit Excel’s 31 characters with a " (99)" continuation and avoid its forbidden characters', () => {
		for (const dataset of exportDatasets)
			for (const name of Object.values(exportSheetNames[dataset])) {
				expect(`${name} (99)`.length).toBeLessThanOrEqual(31);
				expect(name).not.toMatch(/[[\]:*?/\\]/);
			}
	});

	it('the query string carries lang only when it is not the default, and reads back to the same filter', () => {
		const filter = { from: '2025-01-01', to: '2025-12-31', unit: 70, status: ['submitted' as const, 'approved' as const] };
		const vi = exportSearchParams(filter, 'csv');
		expect(vi.has('lang')).toBe(false);
		expect(exportSearchParams(filter, 'csv', 'vi').toString()).toBe(vi.toString());
		const en = exportSearchParams(filter, 'xlsx', 'en');
		expect(en.get('lang')).toBe('en');
		expect(exportFilterSchema.parse(exportFilterInput(en))).toEqual(filter);
		expect(exportLanguageSchema.parse(undefined)).toBe('vi');
		expect(exportLanguageSchema.safeParse('fr').success).toBe(false);
	});
});
