/**
 * Checklist templates as versioned data (issue 15), through the real route handlers on both
 * databases: the version migration 011 moved in, who may list and change which templates (a
 * province admin its own province's, drafted from the national one; a national admin the
 * national ones), validation naming the field, and the rules of drafts, publication and
 * retirement, each change audited.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { vietnamDate, addDays } from '$lib/domain/dates';
import type { Template } from '$lib/domain/template';
import type { Role } from '$lib/domain/principal';
import { defaultTemplate } from '$lib/templates';
import { closeDatabase } from '$lib/server/db';
import { effectiveTemplateFor, forgetCachedTemplates } from '$lib/server/templates';
import { GET as listAdmin } from '../../src/routes/api/admin/templates/+server';
import { POST as createDraft } from '../../src/routes/api/admin/templates/drafts/+server';
import { DELETE as deleteDraft, GET as getVersion, PUT as putDraft } from '../../src/routes/api/admin/templates/[id]/[version]/+server';
import { POST as publish } from '../../src/routes/api/admin/templates/[id]/[version]/publish/+server';
import { POST as retire } from '../../src/routes/api/admin/templates/[id]/[version]/retire/+server';
import { GET as deviceTemplates } from '../../src/routes/api/templates/+server';
import { callRoute, routeResponse } from './support/route-calls';
import { useServerDatabase, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const HA_NOI = 1;
const HO_CHI_MINH = 79;
const V1 = { templateId: 'mac-dinh', version: '2025.1' };

let n = 0;
const person = (role: Role, provinceCode: number | null) => ({
	userId: `${role}-${provinceCode ?? 'qg'}-${++n}`,
	role,
	provinceCode,
	unitCode: null,
	username: `u${n}`,
	displayName: 'Người kiểm thử',
	mustChangePassword: false
});

const at = (id: string, version: string, suffix = '') => ({
	path: `/api/admin/templates/${id}/${version}${suffix}`,
	params: { id, version }
});

describe.each(testDatabases)('template versions on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });
	const national = person('admin', null);
	const hanoi = person('admin', HA_NOI);
	const hcm = person('admin', HO_CHI_MINH);
	// Read again before each test: a run that crosses midnight in Vietnam (17:00 UTC) would
	// otherwise publish with yesterday's date, which the server rightly refuses.
	let today = vietnamDate();
	beforeEach(() => {
		today = vietnamDate();
	});

	beforeAll(() => forgetCachedTemplates());
	afterAll(() => closeDatabase());

	const draftFrom = (as: object, body: object) => callRoute(createDraft, { as, path: '/api/admin/templates/drafts', json: body });
	const put = (as: object, id: string, version: string, template: unknown) =>
		callRoute(putDraft, { as, method: 'PUT', ...at(id, version), json: { template } });
	const publishAs = (as: object, id: string, version: string, effectiveFrom = today) =>
		callRoute(publish, { as, ...at(id, version, '/publish'), json: { effectiveFrom } });
	const retireAs = (as: object, id: string, version: string) => callRoute(retire, { as, ...at(id, version, '/retire'), json: {} });
	const deviceTag = async () =>
		(await routeResponse(deviceTemplates, { as: person('ward', HA_NOI), path: '/api/templates' })).headers.get('etag');
	const auditActions = async () =>
		(await ctx.db.selectFrom('audit_log').select(['action', 'detail']).orderBy('seq').execute()).map((r) => ({
			action: r.action,
			detail: JSON.parse(r.detail) as Record<string, unknown>
		}));

	it('the migration moved the compiled template in as version 1, published and unchanged', async () => {
		const got = await callRoute(getVersion, { as: national, ...at(V1.templateId, V1.version) });
		expect(got.status).toBe(200);
		expect(got.body.version).toMatchObject({ ...V1, status: 'published', scopeProvinceCode: null, basedOn: null });
		expect(got.body.version.template).toEqual(JSON.parse(JSON.stringify(defaultTemplate)));
		const inspector = person('inspector', HA_NOI);
		const device = await callRoute(deviceTemplates, { as: inspector, path: '/api/templates' });
		// Migration 012 published version 2 (2027.1) beside it.
		expect(device.body.versions.map((v: { version: string }) => v.version).sort()).toEqual([V1.version, '2027.1']);

		// A device holding that answer is told so instead of receiving every version again.
		const tag = (await deviceTag())!;
		expect(tag).toMatch(/^".+"$/);
		const again = await routeResponse(deviceTemplates, { as: inspector, path: '/api/templates', headers: { 'if-none-match': tag } });
		expect(again.status).toBe(304);
		const stale = await routeResponse(deviceTemplates, { as: inspector, path: '/api/templates', headers: { 'if-none-match': '"cu"' } });
		expect(stale.status).toBe(200);
	});

	it('a national admin drafts, edits, publishes and retires; a published version never changes', async () => {
		// This story starts from version 1 alone: set aside the version 2 migration 012 published.
		await ctx.db.deleteFrom('template_versions').where('version', '=', '2027.1').execute();
		const created = await draftFrom(national, { from: V1, version: '2026.1' });
		expect(created.status).toBe(201);
		expect(created.body.version).toMatchObject({ templateId: 'mac-dinh', version: '2026.1', status: 'draft', basedOn: V1 });
		const draft: Template = created.body.version.template;
		expect(draft.sections).toEqual(JSON.parse(JSON.stringify(defaultTemplate.sections)));

		// Drafts are not for devices.
		const device = await callRoute(deviceTemplates, { as: person('inspector', HA_NOI), path: '/api/templates' });
		expect(device.body.versions.map((v: { version: string }) => v.version)).toEqual([V1.version]);
		const tagBefore = await deviceTag();

		// Validation names the field of the template at fault, and nothing is stored.
		const broken = structuredClone(draft);
		broken.sections[0]!.items[1]!.text = 'x';
		const refused = await put(national, 'mac-dinh', '2026.1', broken);
		expect(refused.status).toBe(400);
		expect(refused.body.error).toMatchObject({ code: 'invalid_request', field: 'template.sections.0.items.1.text' });
		const otherVersion = await put(national, 'mac-dinh', '2026.1', { ...draft, version: '2025.1' });
		expect(otherVersion.body.error).toMatchObject({ code: 'invalid_request', field: 'template.version' });

		const edited = structuredClone(draft);
		edited.sections[0]!.items[0]!.text = 'Niêm yết đầy đủ thủ tục hành chính theo Nghị định 118/2025/NĐ-CP';
		const saved = await put(national, 'mac-dinh', '2026.1', edited);
		expect(saved.status).toBe(200);
		expect(saved.body.version.template.sections[0].items[0].text).toContain('118/2025');

		const past = await publishAs(national, 'mac-dinh', '2026.1', addDays(today, -1));
		expect(past.status).toBe(400);
		expect(past.body.error).toMatchObject({ code: 'effective_from_in_past', field: 'effectiveFrom' });
		const badDate = await publishAs(national, 'mac-dinh', '2026.1', '2026-02-30');
		expect(badDate.body.error).toMatchObject({ code: 'invalid_request', field: 'effectiveFrom' });

		const published = await publishAs(national, 'mac-dinh', '2026.1');
		expect(published.status).toBe(200);
		expect(published.body.version).toMatchObject({ status: 'published', effectiveFrom: today });
		expect(published.body.version.publishedAt).toBeTruthy();

		for (const attempt of [
			await put(national, 'mac-dinh', '2026.1', edited),
			await publishAs(national, 'mac-dinh', '2026.1'),
			await callRoute(deleteDraft, { as: national, method: 'DELETE', ...at('mac-dinh', '2026.1') })
		]) {
			expect(attempt.status).toBe(409);
			expect(attempt.body.error.code).toBe('template_not_draft');
		}
		const taken = await draftFrom(national, { from: V1, version: '2026.1' });
		expect(taken.status).toBe(409);
		expect(taken.body.error).toMatchObject({ code: 'template_version_taken', field: 'version' });

		// The new version is the one in effect; version 1 stays readable for its records.
		expect((await effectiveTemplateFor(ctx.db, HA_NOI, today))?.version).toBe('2026.1');
		expect((await effectiveTemplateFor(ctx.db, HA_NOI, addDays(today, -1)))?.version).toBe('2025.1');

		const retired = await retireAs(national, 'mac-dinh', '2025.1');
		expect(retired.body.version).toMatchObject({ status: 'retired' });
		expect((await retireAs(national, 'mac-dinh', '2025.1')).body.error.code).toBe('template_not_published');
		const last = await retireAs(national, 'mac-dinh', '2026.1');
		expect(last.status).toBe(409);
		expect(last.body.error.code).toBe('template_last_published');
		const onDevice = await callRoute(deviceTemplates, { as: person('ward', HA_NOI), path: '/api/templates' });
		// What the device holds changed, and so did the tag it is compared by.
		expect(await deviceTag()).not.toBe(tagBefore);
		expect(onDevice.body.versions.map((v: { version: string; status: string }) => `${v.version}:${v.status}`).sort()).toEqual([
			'2025.1:retired',
			'2026.1:published'
		]);

		const actions = (await auditActions()).filter((a) => a.action.startsWith('template_'));
		expect(actions.map((a) => a.action)).toEqual([
			'template_draft_created',
			'template_draft_updated',
			'template_published',
			'template_retired'
		]);
		expect(actions[2]!.detail).toMatchObject({ templateId: 'mac-dinh', version: '2026.1', provinceCode: null, effectiveFrom: today });
	});

	it("a province admin drafts its own version from the national one and manages only its province's", async () => {
		const own = await draftFrom(hanoi, { from: { templateId: 'mac-dinh', version: '2026.1' }, version: '2026.1-hn' });
		expect(own.status).toBe(201);
		expect(own.body.version).toMatchObject({
			templateId: 'mac-dinh-tinh-1',
			scopeProvinceCode: HA_NOI,
			basedOn: { templateId: 'mac-dinh', version: '2026.1' }
		});
		expect(own.body.version.template).toMatchObject({ id: 'mac-dinh-tinh-1', version: '2026.1-hn' });

		// National templates are read-only to a province admin; another province's are invisible.
		const national2 = await draftFrom(national, { from: V1, version: '2026.2' });
		expect(national2.status).toBe(201);
		const notTheirs = await put(hanoi, 'mac-dinh', '2026.2', national2.body.version.template);
		expect(notTheirs.status).toBe(403);
		expect(notTheirs.body.error.code).toBe('outside_own_province');
		expect((await draftFrom(hanoi, { from: V1, version: '2026.3', scopeProvinceCode: null })).status).toBe(403);
		expect((await draftFrom(hanoi, { from: V1, version: '2026.3', scopeProvinceCode: HO_CHI_MINH })).status).toBe(403);
		expect((await callRoute(getVersion, { as: hcm, ...at('mac-dinh-tinh-1', '2026.1-hn') })).status).toBe(404);
		expect((await publishAs(hcm, 'mac-dinh-tinh-1', '2026.1-hn')).status).toBe(404);
		const hcmList = await callRoute(listAdmin, { as: hcm, path: '/api/admin/templates' });
		expect(hcmList.body.versions.map((v: { templateId: string }) => v.templateId)).not.toContain('mac-dinh-tinh-1');
		const nationalList = await callRoute(listAdmin, { as: national, path: '/api/admin/templates' });
		expect(nationalList.body.versions.map((v: { templateId: string }) => v.templateId)).toContain('mac-dinh-tinh-1');

		// Published, the province's own version is what its new inspections take; others keep the national one.
		expect((await publishAs(hanoi, 'mac-dinh-tinh-1', '2026.1-hn')).status).toBe(200);
		expect((await effectiveTemplateFor(ctx.db, HA_NOI, today))?.templateId).toBe('mac-dinh-tinh-1');
		expect((await effectiveTemplateFor(ctx.db, HO_CHI_MINH, today))?.templateId).toBe('mac-dinh');
		const hcmDevice = await callRoute(deviceTemplates, { as: person('inspector', HO_CHI_MINH), path: '/api/templates' });
		expect(hcmDevice.body.versions.map((v: { templateId: string }) => v.templateId)).not.toContain('mac-dinh-tinh-1');
		const hanoiDevice = await callRoute(deviceTemplates, { as: person('inspector', HA_NOI), path: '/api/templates' });
		expect(hanoiDevice.body.versions.map((v: { templateId: string }) => v.templateId)).toContain('mac-dinh-tinh-1');

		// A draft can be deleted; the audit entry carries the province so its own feed shows it.
		const scratch = await draftFrom(hanoi, { from: { templateId: 'mac-dinh-tinh-1', version: '2026.1-hn' }, version: 'nhap' });
		expect(scratch.body.version.templateId).toBe('mac-dinh-tinh-1');
		const deleted = await callRoute(deleteDraft, { as: hanoi, method: 'DELETE', ...at('mac-dinh-tinh-1', 'nhap') });
		expect(deleted.status).toBe(200);
		expect((await callRoute(getVersion, { as: hanoi, ...at('mac-dinh-tinh-1', 'nhap') })).status).toBe(404);
		const last = (await auditActions()).at(-1)!;
		expect(last).toMatchObject({ action: 'template_draft_deleted', detail: { provinceCode: HA_NOI, version: 'nhap' } });
	});

	it('only admins reach the admin template API; every signed-in role reads the device list', async () => {
		for (const role of ['supervisor', 'inspector', 'ward'] as const) {
			const refused = await callRoute(listAdmin, { as: person(role, HA_NOI), path: '/api/admin/templates' });
			expect(refused.status).toBe(403);
			const drafted = await draftFrom(person(role, HA_NOI), { from: V1, version: 'x1' });
			expect(drafted.status).toBe(403);
		}
		expect((await callRoute(listAdmin, { as: null, path: '/api/admin/templates' })).status).toBe(401);
		expect((await callRoute(deviceTemplates, { as: null, path: '/api/templates' })).status).toBe(401);
		const malformed = await draftFrom(national, { from: V1, version: 'có dấu' });
		expect(malformed.body.error).toMatchObject({ code: 'invalid_request', field: 'version' });
		const noProvince = await draftFrom(national, { from: V1, version: 'x3', scopeProvinceCode: 99 });
		expect(noProvince.body.error).toMatchObject({ code: 'province_not_found', field: 'scopeProvinceCode' });
		const unknown = await draftFrom(national, { from: { templateId: 'mac-dinh', version: '1999.1' }, version: 'x2' });
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.code).toBe('template_not_found');
	});
});
