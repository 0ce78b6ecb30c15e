// Migration 012 publishes version 2 of the default template beside version 1, effective from its date.
import { describe, expect, it } from 'vitest';
import { effectiveVersion } from '$lib/domain/template-versions';
import { vietnamDate } from '$lib/domain/dates';
import { getVersion, versionsWithScope, metaOf } from '$lib/server/templates/template-rows';
import { defaultTemplate, defaultTemplateV2 } from '$lib/templates';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

describe.each(testDatabases)('default template version 2 on $name', (kind) => {
	const ctx = useSyncContext(kind);

	it('is published as mac-dinh 2027.1, drafted from 2025.1, with the shipped content', async () => {
		const v2 = await getVersion(ctx.db, 'mac-dinh', '2027.1');
		expect(v2).toMatchObject({
			status: 'published',
			effectiveFrom: vietnamDate(),
			scopeProvinceCode: null,
			basedOn: { templateId: 'mac-dinh', version: '2025.1' }
		});
		expect(v2?.template).toEqual(defaultTemplateV2);
		expect(v2?.template.sections.find((s) => s.id === 'E')?.enabledByDefault).toBe(true);
	});

	it('leaves version 1 as it was, so records pinned to it read, score and print the same', async () => {
		const v1 = await getVersion(ctx.db, 'mac-dinh', '2025.1');
		expect(v1?.status).toBe('published');
		expect(v1?.template).toEqual(defaultTemplate);
	});

	it('takes over for new inspections from the day the server is upgraded, not before', async () => {
		const metas = (await versionsWithScope(ctx.db).execute()).map(metaOf);
		const upgraded = metas.find((v) => v.version === '2027.1')!.effectiveFrom!;
		const dayBefore = new Date(Date.parse(`${upgraded}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
		expect(effectiveVersion(metas, 1, dayBefore)?.version).toBe('2025.1');
		expect(effectiveVersion(metas, 1, upgraded)?.version).toBe('2027.1');
		expect(effectiveVersion(metas, 1, vietnamDate())?.version).toBe('2027.1');
	});
});
