/**
 * A questionnaire is a template kind (issue 19, must-show 1), through the real route handlers on
 * both databases: listed with its kind beside the checklists, drafted from the published default,
 * edited and checked by questionnaireSchema with the field at fault, published with its effective
 * date (the version a new interview takes), retired, exported and imported as JSON; and the two
 * kinds kept apart — a draft never changes kind, "the last published national version" is
 * counted per kind, and neither kind's readers ever see the other's versions.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { vietnamDate } from '$lib/domain/dates';
import { questionnaireSchema, type Questionnaire } from '$lib/domain/questionnaire';
import type { Role } from '$lib/domain/principal';
import { templateToJson } from '$lib/domain/template-import';
import { templateFromXlsx, templateToXlsx } from '$lib/server/templates/spreadsheet';
import { closeDatabase } from '$lib/server/db';
import { effectiveTemplateFor, forgetCachedTemplates, pinnableTemplate } from '$lib/server/templates';
import {
	effectiveQuestionnaireFor,
	forgetCachedQuestionnaires,
	listQuestionnairesForDevice,
	pinnableQuestionnaire
} from '$lib/server/templates/questionnaire-rows';
import defaultQuestionnaireFile from '$lib/templates/questionnaire-2026-v1.json';
import { GET as listAdmin } from '../../src/routes/api/admin/templates/+server';
import { POST as createDraft } from '../../src/routes/api/admin/templates/drafts/+server';
import { DELETE as deleteDraft, GET as getVersion, PUT as putDraft } from '../../src/routes/api/admin/templates/[id]/[version]/+server';
import { GET as exportVersion } from '../../src/routes/api/admin/templates/[id]/[version]/export/+server';
import { POST as publish } from '../../src/routes/api/admin/templates/[id]/[version]/publish/+server';
import { POST as retire } from '../../src/routes/api/admin/templates/[id]/[version]/retire/+server';
import { POST as importFile } from '../../src/routes/api/admin/templates/import/+server';
import { GET as deviceTemplates } from '../../src/routes/api/templates/+server';
import { requestEvent } from './support/auth-browser';
import { callRoute, routeResponse } from './support/route-calls';
import { useServerDatabase, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const HA_NOI = 1;
const HO_CHI_MINH = 79;
/** The shipped questionnaire with the schema's defaults filled, as the server reads it. */
const defaultQuestionnaire = questionnaireSchema.parse(defaultQuestionnaireFile);
const Q1 = { templateId: 'phong-van-nguoi-dan', version: '2026.1' };

let n = 0;
const person = (role: Role, provinceCode: number | null) => ({
	userId: `${role}-${provinceCode ?? 'qg'}-${++n}`,
	role,
	provinceCode,
	unitCode: null,
	username: `q${n}`,
	displayName: 'Người kiểm thử',
	mustChangePassword: false
});

const at = (id: string, version: string, suffix = '') => ({
	path: `/api/admin/templates/${id}/${version}${suffix}`,
	params: { id, version }
});

describe.each(testDatabases)('questionnaires as templates on $name', (kind) => {
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

	beforeAll(() => {
		forgetCachedTemplates();
		forgetCachedQuestionnaires();
	});
	afterAll(() => closeDatabase());

	const draftFrom = (as: object, body: object) => callRoute(createDraft, { as, path: '/api/admin/templates/drafts', json: body });
	const get = (as: object, id: string, version: string) => callRoute(getVersion, { as, ...at(id, version) });
	const put = (as: object, id: string, version: string, template: unknown) =>
		callRoute(putDraft, { as, method: 'PUT', ...at(id, version), json: { template } });
	const publishAs = (as: object, id: string, version: string, effectiveFrom = today) =>
		callRoute(publish, { as, ...at(id, version, '/publish'), json: { effectiveFrom } });
	const retireAs = (as: object, id: string, version: string) => callRoute(retire, { as, ...at(id, version, '/retire'), json: {} });
	const exportAs = (as: object, id: string, version: string, format: string) =>
		routeResponse(exportVersion, { as, path: `/api/admin/templates/${id}/${version}/export?format=${format}`, params: { id, version } });
	async function importAs(as: object, body: string | Uint8Array<ArrayBuffer>, format: 'json' | 'xlsx' = 'json') {
		const { event } = requestEvent(new Request(`http://localhost/api/admin/templates/import?format=${format}`, { method: 'POST', body }));
		const response = await importFile({ ...event, params: {}, locals: { actor: as } } as never);
		return { status: response.status, body: await response.json() };
	}
	const auditOf = async (action: string) =>
		(await ctx.db.selectFrom('audit_log').select('detail').where('action', '=', action).orderBy('seq').execute()).map(
			(r) => JSON.parse(r.detail) as Record<string, unknown>
		);

	it('lists the default questionnaire with its kind beside the checklists; devices still get checklists only', async () => {
		const list = await callRoute(listAdmin, { as: hanoi, path: '/api/admin/templates' });
		expect(list.status).toBe(200);
		const kinds = Object.fromEntries(list.body.versions.map((v: { templateId: string; kind: string }) => [v.templateId, v.kind]));
		expect(kinds).toMatchObject({ 'mac-dinh': 'checklist', 'phong-van-nguoi-dan': 'questionnaire' });
		const one = await get(hanoi, Q1.templateId, Q1.version);
		expect(one.body.version).toMatchObject({ ...Q1, kind: 'questionnaire', status: 'published', scopeProvinceCode: null });
		expect(one.body.version.template).toEqual(defaultQuestionnaire);

		const device = await callRoute(deviceTemplates, { as: person('inspector', HA_NOI), path: '/api/templates' });
		expect(device.body.versions.map((v: { templateId: string }) => v.templateId)).not.toContain(Q1.templateId);
	});

	it('a national admin drafts, edits (checked by questionnaireSchema), publishes and retires a questionnaire', async () => {
		const created = await draftFrom(national, { from: Q1, version: '2026.2' });
		expect(created.status).toBe(201);
		expect(created.body.version).toMatchObject({ templateId: Q1.templateId, version: '2026.2', kind: 'questionnaire', basedOn: Q1 });
		const draft: Questionnaire = created.body.version.template;
		expect(draft.groups).toEqual(defaultQuestionnaire.groups);

		// The schema of the draft's kind names the field at fault; nothing is stored.
		const broken = structuredClone(draft);
		broken.groups[1]!.questions[0]!.text = 'x';
		const refused = await put(national, Q1.templateId, '2026.2', broken);
		expect(refused.status).toBe(400);
		expect(refused.body.error).toMatchObject({ code: 'invalid_request', field: 'template.groups.1.questions.0.text' });
		const duplicate = structuredClone(draft);
		duplicate.groups.push({ ...structuredClone(draft.groups[0]!) });
		expect((await put(national, Q1.templateId, '2026.2', duplicate)).body.error.code).toBe('invalid_request');
		// A checklist's content cannot turn the questionnaire's draft into a checklist.
		const checklist = (await get(national, 'mac-dinh', '2025.1')).body.version.template;
		const asChecklist = await put(national, Q1.templateId, '2026.2', { ...checklist, id: Q1.templateId, version: '2026.2' });
		expect(asChecklist.status).toBe(400);
		expect(asChecklist.body.error.field).toBe('template.kind');

		const edited = structuredClone(draft);
		edited.intro = 'Phiếu ngắn của tỉnh, không ghi tên người trả lời; khoảng một phút.';
		edited.groups[2]!.questions.push({
			id: 'Q20',
			kind: 'yesno',
			text: 'Công chức có hẹn ông/bà quay lại không rõ lý do không?',
			required: false,
			criticalWhen: 'yes'
		});
		const saved = await put(national, Q1.templateId, '2026.2', edited);
		expect(saved.status).toBe(200);
		expect(saved.body.version.template.groups[2].questions.at(-1)).toMatchObject({ id: 'Q20', criticalWhen: 'yes' });
		// A draft is nothing a response may be checked against, and no device is offered it.
		expect(await pinnableQuestionnaire(ctx.db, Q1.templateId, '2026.2')).toBeNull();

		// Before its effective date the default stays the one new interviews take.
		expect((await effectiveQuestionnaireFor(ctx.db, HA_NOI, today))?.version).toBe(Q1.version);
		const published = await publishAs(national, Q1.templateId, '2026.2');
		expect(published.status).toBe(200);
		expect(published.body.version).toMatchObject({ kind: 'questionnaire', status: 'published', effectiveFrom: today });
		expect((await effectiveQuestionnaireFor(ctx.db, HA_NOI, today))?.version).toBe('2026.2');
		expect((await pinnableQuestionnaire(ctx.db, Q1.templateId, '2026.2'))?.intro).toBe(edited.intro);
		expect((await listQuestionnairesForDevice(ctx.db, HA_NOI)).map((v) => v.version)).toEqual(['2026.1', '2026.2']);
		// Publishing a questionnaire changes nothing for checklists.
		expect((await effectiveTemplateFor(ctx.db, HA_NOI, today))?.templateId).toBe('mac-dinh');

		// Frozen once published.
		expect((await put(national, Q1.templateId, '2026.2', edited)).body.error.code).toBe('template_not_draft');

		const retiredOld = await retireAs(national, Q1.templateId, Q1.version);
		expect(retiredOld.body.version).toMatchObject({ kind: 'questionnaire', status: 'retired' });
		// Retired versions still check the responses pinned to them.
		expect(await pinnableQuestionnaire(ctx.db, Q1.templateId, Q1.version)).not.toBeNull();
		expect((await auditOf('template_published')).at(-1)).toMatchObject({
			templateId: Q1.templateId,
			version: '2026.2',
			provinceCode: null
		});
	});

	it('counts "the last published national version" per kind', async () => {
		// Published national checklists do not make the last national questionnaire retirable…
		const last = await retireAs(national, Q1.templateId, '2026.2');
		expect(last.status).toBe(409);
		expect(last.body.error.code).toBe('template_last_published');
		// …nor does a published national questionnaire make the last national checklist retirable.
		expect((await retireAs(national, 'mac-dinh', '2027.1')).status).toBe(200);
		const lastChecklist = await retireAs(national, 'mac-dinh', '2025.1');
		expect(lastChecklist.body.error.code).toBe('template_last_published');
	});

	it('a province admin drafts its own questionnaire from the national one; other provinces never see it', async () => {
		const created = await draftFrom(hanoi, { from: { templateId: Q1.templateId, version: '2026.2' }, version: '2026.1-hn' });
		expect(created.status).toBe(201);
		expect(created.body.version).toMatchObject({
			templateId: 'phong-van-nguoi-dan-tinh-1',
			kind: 'questionnaire',
			scopeProvinceCode: HA_NOI,
			status: 'draft'
		});
		expect((await publishAs(hanoi, 'phong-van-nguoi-dan-tinh-1', '2026.1-hn')).status).toBe(200);
		expect((await effectiveQuestionnaireFor(ctx.db, HA_NOI, today))?.templateId).toBe('phong-van-nguoi-dan-tinh-1');
		expect((await effectiveQuestionnaireFor(ctx.db, HO_CHI_MINH, today))?.templateId).toBe(Q1.templateId);
		expect((await get(hcm, 'phong-van-nguoi-dan-tinh-1', '2026.1-hn')).status).toBe(404);
		const hcmList = await callRoute(listAdmin, { as: hcm, path: '/api/admin/templates' });
		expect(hcmList.body.versions.map((v: { templateId: string }) => v.templateId)).not.toContain('phong-van-nguoi-dan-tinh-1');
		// A province questionnaire is the province's own to retire even while it is its only one: the national one stands behind it.
		expect((await retireAs(hanoi, 'phong-van-nguoi-dan-tinh-1', '2026.1-hn')).status).toBe(200);
	});

	it('a draft never changes kind: a questionnaire id refuses checklist drafts and files, and the reverse', async () => {
		const intoQuestionnaire = await draftFrom(national, {
			from: { templateId: 'mac-dinh', version: '2025.1' },
			version: '2026.9',
			templateId: Q1.templateId,
			scopeProvinceCode: null
		});
		expect(intoQuestionnaire.status).toBe(409);
		expect(intoQuestionnaire.body.error).toMatchObject({ code: 'template_kind_mismatch', field: 'templateId' });
		const intoChecklist = await draftFrom(national, { from: Q1, version: '2026.9', templateId: 'mac-dinh', scopeProvinceCode: null });
		expect(intoChecklist.body.error.code).toBe('template_kind_mismatch');
		const file = templateToJson({ ...defaultQuestionnaire, id: 'mac-dinh', version: '2026.9' });
		expect((await importAs(national, file)).body.error.code).toBe('template_kind_mismatch');

		// Neither kind's readers see the other's versions.
		expect(await pinnableTemplate(ctx.db, Q1.templateId, '2026.2')).toBeNull();
		expect(await pinnableQuestionnaire(ctx.db, 'mac-dinh', '2025.1')).toBeNull();
		const versions = await ctx.db.selectFrom('template_versions').select('version').where('version', '=', '2026.9').execute();
		expect(versions).toEqual([]);
	});

	it('exports a questionnaire as JSON and as its own workbook, and imports either back as a draft', async () => {
		const exported = await exportAs(hanoi, Q1.templateId, '2026.2', 'json');
		expect(exported.status).toBe(200);
		expect(exported.headers.get('content-disposition')).toBe('attachment; filename="phong-van-nguoi-dan-2026.2.json"');
		const text = await exported.text();
		const content = JSON.parse(text) as Questionnaire;
		expect(content).toEqual((await get(hanoi, Q1.templateId, '2026.2')).body.version.template);
		expect((await auditOf('template_exported')).at(-1)).toMatchObject({ templateId: Q1.templateId, version: '2026.2', format: 'json' });

		const xlsx = await exportAs(hanoi, Q1.templateId, '2026.2', 'xlsx');
		expect(xlsx.status).toBe(200);
		expect(xlsx.headers.get('content-disposition')).toBe('attachment; filename="phong-van-nguoi-dan-2026.2.xlsx"');
		const workbook = new Uint8Array(await xlsx.arrayBuffer());
		const fromWorkbook = await templateFromXlsx(workbook);
		expect(fromWorkbook).toEqual({ ok: true, template: content });

		// Hà Nội imports it under its own id: a draft of kind questionnaire in its scope.
		const imported = await importAs(hanoi, templateToJson({ ...content, id: 'phieu-ha-noi', version: '2027.1' }));
		expect(imported.status).toBe(201);
		expect(imported.body.version).toMatchObject({
			templateId: 'phieu-ha-noi',
			version: '2027.1',
			kind: 'questionnaire',
			status: 'draft',
			scopeProvinceCode: HA_NOI
		});
		expect(imported.body.version.template).toEqual({ ...content, id: 'phieu-ha-noi', version: '2027.1' });

		// The same as a workbook, edited under another id: a questionnaire draft too.
		const edited = new Uint8Array(await templateToXlsx({ ...content, id: 'phieu-excel', version: '2027.2' }));
		const fromExcel = await importAs(hanoi, edited, 'xlsx');
		expect(fromExcel.status).toBe(201);
		expect(fromExcel.body.version).toMatchObject({ templateId: 'phieu-excel', kind: 'questionnaire', status: 'draft' });
		expect(fromExcel.body.version.template).toEqual({ ...content, id: 'phieu-excel', version: '2027.2' });

		// A file that does not validate lists every fault, each at its path.
		const bad = structuredClone(content) as unknown as { groups: { questions: Record<string, unknown>[] }[]; id: string };
		bad.id = 'phieu-loi';
		bad.groups[0]!.questions[0]!.kind = 'essay';
		bad.groups[1]!.questions[0]!.text = '';
		const refused = await importAs(hanoi, JSON.stringify(bad));
		expect(refused.status).toBe(400);
		expect(refused.body.error.code).toBe('template_invalid');
		expect(refused.body.error.problems.map((p: { field?: string }) => p.field)).toEqual(
			expect.arrayContaining(['groups.0.questions.0.kind', 'groups.1.questions.0.text'])
		);

		// The imported draft is deleted like any draft.
		expect((await callRoute(deleteDraft, { as: hanoi, method: 'DELETE', ...at('phieu-ha-noi', '2027.1') })).status).toBe(200);
		expect((await get(hanoi, 'phieu-ha-noi', '2027.1')).status).toBe(404);
	});
});
