import { describe, expect, it } from 'vitest';
import { draftRequest, suggestVersionLabel } from './template-drafting';
import type { TemplateVersionMeta } from './template-versions';

const meta = (over: Partial<TemplateVersionMeta>): TemplateVersionMeta => ({
	templateId: 'mac-dinh',
	version: '1',
	name: 'Mẫu mặc định',
	status: 'published',
	effectiveFrom: '2025-07-01',
	scopeProvinceCode: null,
	basedOn: null,
	publishedAt: '2025-06-20T00:00:00Z',
	retiredAt: null,
	createdBy: null,
	createdAt: '2025-06-01T00:00:00Z',
	updatedAt: '2025-06-20T00:00:00Z',
	...over
});

describe('suggestVersionLabel', () => {
	it("numbers the year's revisions, ignoring other years and other labels", () => {
		expect(suggestVersionLabel(['1', '2025.3', '2026.1', '2026.x'], 2026)).toBe('2026.2');
		expect(suggestVersionLabel([], 2026)).toBe('2026.1');
	});
});

describe('draftRequest', () => {
	const national = meta({});
	it('keeps a national admin in the national template', () => {
		expect(draftRequest(national, null, [national], 2026)).toEqual({
			from: { templateId: 'mac-dinh', version: '1' },
			version: '2026.1',
			scopeProvinceCode: null
		});
	});
	it("gives a province admin drafting from the national default a template of the province's own", () => {
		expect(draftRequest(national, 1, [national], 2026)).toEqual({
			from: { templateId: 'mac-dinh', version: '1' },
			version: '2026.1',
			scopeProvinceCode: 1,
			templateId: 'mac-dinh-tinh-1'
		});
	});
	it("reuses the province's existing template and numbers after its versions", () => {
		const own = meta({
			templateId: 'hn-rieng',
			version: '2026.1',
			scopeProvinceCode: 1,
			basedOn: { templateId: 'mac-dinh', version: '1' }
		});
		const request = draftRequest(national, 1, [national, own], 2026);
		expect(request).toMatchObject({ templateId: 'hn-rieng', version: '2026.2', scopeProvinceCode: 1 });
		expect(draftRequest(own, 1, [national, own], 2026)).toEqual({
			from: { templateId: 'hn-rieng', version: '2026.1' },
			version: '2026.2',
			scopeProvinceCode: 1
		});
	});
});
