import { describe, expect, it } from 'vitest';
import { effectiveVersion, scopeVisibleTo, type TemplateVersionMeta } from './template-versions';

const meta = (over: Partial<TemplateVersionMeta>): TemplateVersionMeta => ({
	templateId: 'mac-dinh',
	version: '1',
	name: 'Mẫu',
	status: 'published',
	effectiveFrom: '2025-07-01',
	scopeProvinceCode: null,
	basedOn: null,
	publishedAt: '2025-06-01T00:00:00.000Z',
	retiredAt: null,
	createdBy: null,
	createdAt: '2025-06-01T00:00:00.000Z',
	updatedAt: '2025-06-01T00:00:00.000Z',
	...over
});

describe('the version a new inspection takes', () => {
	const v1 = meta({ version: '2025.1' });
	const v2 = meta({ version: '2026.1', effectiveFrom: '2026-01-01', publishedAt: '2025-12-01T00:00:00.000Z' });
	const hanoi = meta({ templateId: 'mac-dinh-tinh-1', version: 'hn-1', scopeProvinceCode: 1, effectiveFrom: '2026-03-01' });
	const draft = meta({ version: '2026.2', status: 'draft', effectiveFrom: null });
	const retired = meta({ version: '2026.0', status: 'retired', effectiveFrom: '2025-12-01' });
	const all = [v1, v2, hanoi, draft, retired];

	it('is the latest national version in effect on the day, never a draft or a retired one', () => {
		expect(effectiveVersion(all, 79, '2025-12-31')?.version).toBe('2025.1');
		expect(effectiveVersion(all, 79, '2026-01-01')?.version).toBe('2026.1');
		expect(effectiveVersion(all, 79, '2025-06-30')).toBeNull();
	});

	it("prefers the province's own version once it is in effect", () => {
		expect(effectiveVersion(all, 1, '2026-02-28')?.version).toBe('2026.1');
		expect(effectiveVersion(all, 1, '2026-03-01')?.version).toBe('hn-1');
		expect(effectiveVersion(all, 79, '2026-03-01')?.version).toBe('2026.1');
	});

	it('between two versions effective the same day, takes the one published last', () => {
		const later = meta({ version: '2026.1b', effectiveFrom: '2026-01-01', publishedAt: '2025-12-02T00:00:00.000Z' });
		expect(effectiveVersion([v2, later], 79, '2026-01-02')?.version).toBe('2026.1b');
	});

	it('shows national versions to everyone and a province version to its province and national accounts', () => {
		expect(scopeVisibleTo(null, 79)).toBe(true);
		expect(scopeVisibleTo(1, 1)).toBe(true);
		expect(scopeVisibleTo(1, null)).toBe(true);
		expect(scopeVisibleTo(1, 79)).toBe(false);
	});
});
