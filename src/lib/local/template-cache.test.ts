import { beforeEach, describe, expect, it } from 'vitest';
import { defaultTemplate } from '$lib/templates';
import type { TemplateVersion } from '$lib/domain/template-versions';
import type { AppDb } from './app-db';
import { freshDbPerTest } from './test-db';
import { loadedTemplate, localTemplate, localVersions, resetTemplateCache, templateForNewInspection } from './template-cache';
import { refreshTemplateVersions, saveTemplateVersions } from './template-store';

let db: AppDb;
freshDbPerTest('template-cache', (d) => (db = d));
// Parsed contents are kept per key for the page's life; each test here gives the same key other content.
beforeEach(() => resetTemplateCache());

const version = (over: Partial<TemplateVersion>, text: string): TemplateVersion => {
	const template = structuredClone(defaultTemplate);
	template.id = over.templateId ?? 'mac-dinh';
	template.version = over.version ?? '2026.1';
	template.sections[0]!.items[0]!.text = text;
	return {
		templateId: template.id,
		version: template.version,
		name: template.name,
		status: 'published',
		effectiveFrom: '2026-01-01',
		scopeProvinceCode: null,
		basedOn: { templateId: 'mac-dinh', version: '2025.1' },
		publishedAt: '2025-12-01T00:00:00.000Z',
		retiredAt: null,
		createdBy: 'admin-1',
		createdAt: '2025-11-01T00:00:00.000Z',
		updatedAt: '2025-12-01T00:00:00.000Z',
		...over,
		template
	};
};

describe('template versions on the device', () => {
	it('has the compiled version 1 before anything was fetched', async () => {
		expect(await localVersions(db)).toEqual([expect.objectContaining({ templateId: 'mac-dinh', version: '2025.1' })]);
		expect(await templateForNewInspection(db, 1, '2026-05-01')).toBe(defaultTemplate);
		expect(await localTemplate(db, 'mac-dinh', '2025.1')).toBe(defaultTemplate);
		expect(await localTemplate(db, 'mac-dinh', '2026.1')).toBeNull();
	});

	it('gives the compiled version synchronously once a read has loaded it (it is imported on first need)', async () => {
		expect(loadedTemplate('mac-dinh', '2025.1')).toBeNull();
		await localTemplate(db, 'mac-dinh', '2025.1');
		expect(loadedTemplate('mac-dinh', '2025.1')).toBe(defaultTemplate);
	});

	it("keeps what the server sends, skips what it cannot read, and starts records on the province's version in effect", async () => {
		const national = version({}, 'Văn bản quốc gia 2026');
		const hanoi = version({ templateId: 'mac-dinh-tinh-1', version: 'hn-1', scopeProvinceCode: 1, effectiveFrom: '2026-03-01' }, 'Hà Nội');
		const unreadable = { ...version({ version: '2026.9' }, 'x'), template: { id: 'mac-dinh' } };
		expect(await saveTemplateVersions(db, [national, hanoi, unreadable])).toEqual({ stored: 2, unreadable: 1 });

		expect((await templateForNewInspection(db, 79, '2025-12-31')).version).toBe('2025.1');
		expect((await templateForNewInspection(db, 79, '2026-03-01')).version).toBe('2026.1');
		expect((await templateForNewInspection(db, 1, '2026-03-01')).version).toBe('hn-1');
		expect((await localTemplate(db, 'mac-dinh', '2026.1'))?.sections[0]!.items[0]!.text).toBe('Văn bản quốc gia 2026');
		expect(await localTemplate(db, 'mac-dinh', '2026.9')).toBeNull();

		// Retired since: a record pinned to it still opens; no new record takes it.
		await saveTemplateVersions(db, [{ ...national, status: 'retired', retiredAt: '2026-04-01T00:00:00.000Z' }]);
		expect((await localTemplate(db, 'mac-dinh', '2026.1'))?.version).toBe('2026.1');
		expect((await templateForNewInspection(db, 79, '2026-05-01')).version).toBe('2025.1');
	});

	it('asks with the tag of what it holds, and keeps it when the server says nothing changed', async () => {
		const asked: (string | null)[] = [];
		const server = (answer: { versions: unknown[]; tag: string | null } | null) => (known: string | null) => {
			asked.push(known);
			return Promise.resolve(answer);
		};
		await refreshTemplateVersions(db, server({ versions: [version({}, 'Lần một')], tag: '"t1"' }));
		await refreshTemplateVersions(db, server(null));
		expect(asked).toEqual([null, '"t1"']);
		expect((await localTemplate(db, 'mac-dinh', '2026.1'))?.sections[0]!.items[0]!.text).toBe('Lần một');
	});
});
