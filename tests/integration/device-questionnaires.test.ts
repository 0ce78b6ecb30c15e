/**
 * Issue 19: GET /api/templates carries the questionnaire versions a phone needs to interview
 * citizens offline (published and retired, national and the account's province's own, with
 * content, never a draft), and its tag changes when they change, so a phone holding an older
 * answer is sent the new one. On both databases, through the real route handler.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { deviceTemplatesWireSchema, questionnaireVersionSchema } from '$lib/domain/protocol';
import type { Role } from '$lib/domain/principal';
import { closeDatabase } from '$lib/server/db';
import { forgetCachedQuestionnaires } from '$lib/server/templates/questionnaire-rows';
import defaultQuestionnaire from '$lib/templates/questionnaire-2026-v1.json';
import { GET as deviceTemplates } from '../../src/routes/api/templates/+server';
import { callRoute, routeResponse } from './support/route-calls';
import { useServerDatabase, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const HA_NOI = 1;
const HO_CHI_MINH = 79;

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

describe.each(testDatabases)('questionnaires for devices on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });
	afterAll(() => closeDatabase());

	const device = (provinceCode: number | null) =>
		callRoute(deviceTemplates, { as: person('inspector', provinceCode), path: '/api/templates' });
	const tagOf = async (provinceCode: number | null) =>
		(await routeResponse(deviceTemplates, { as: person('inspector', provinceCode), path: '/api/templates' })).headers.get('etag')!;
	const keys = (body: { questionnaires: { templateId: string; version: string }[] }) =>
		body.questionnaires.map((q) => `${q.templateId}@${q.version}`).sort();

	/** A questionnaire template of `scope` with one version of `status`, as the admin screens would leave it. */
	async function addQuestionnaire(id: string, scope: number | null, version: string, status: 'draft' | 'published' | 'retired') {
		const at = new Date().toISOString();
		await ctx.db
			.insertInto('templates')
			.values({ id, scope_province_code: scope, based_on_template_id: null, created_by: null, created_at: at, kind: 'questionnaire' })
			.onConflict((oc) => oc.column('id').doNothing())
			.execute();
		await ctx.db
			.insertInto('template_versions')
			.values({
				template_id: id,
				version,
				name: `Phiếu ${id}`,
				status,
				effective_from: status === 'draft' ? null : '2026-01-01',
				based_on_template_id: null,
				based_on_version: null,
				published_at: status === 'draft' ? null : at,
				retired_at: status === 'retired' ? at : null,
				created_by: null,
				created_at: at,
				updated_at: at,
				content: JSON.stringify({ ...defaultQuestionnaire, id, version })
			})
			.execute();
	}

	it('answers the default questionnaire with its content, checkable by the device, beside the checklists', async () => {
		const { status, body } = await device(HA_NOI);
		expect(status).toBe(200);
		const wire = deviceTemplatesWireSchema.parse(body);
		expect(wire.versions.length).toBeGreaterThan(0);
		expect(keys(body)).toEqual(['phong-van-nguoi-dan@2026.1']);
		const [questionnaire] = body.questionnaires;
		expect(questionnaireVersionSchema.parse(questionnaire)).toMatchObject({
			status: 'published',
			scopeProvinceCode: null,
			questionnaire: { kind: 'questionnaire', id: 'phong-van-nguoi-dan', version: '2026.1' }
		});
		// A questionnaire is never offered as a record's checklist.
		expect(body.versions.map((v: { templateId: string }) => v.templateId)).not.toContain('phong-van-nguoi-dan');
	});

	it('sends a province its own questionnaires and the national ones, never a draft, and retired ones still', async () => {
		await addQuestionnaire('phong-van-hcm', HO_CHI_MINH, '2026.2', 'published');
		await addQuestionnaire('phong-van-hcm', HO_CHI_MINH, '2026.1', 'retired');
		await addQuestionnaire('phong-van-nhap', null, '2026.9', 'draft');
		expect(keys((await device(HA_NOI)).body)).toEqual(['phong-van-nguoi-dan@2026.1']);
		expect(keys((await device(HO_CHI_MINH)).body)).toEqual(['phong-van-hcm@2026.1', 'phong-van-hcm@2026.2', 'phong-van-nguoi-dan@2026.1']);
		expect(keys((await device(null)).body)).toEqual(['phong-van-hcm@2026.1', 'phong-van-hcm@2026.2', 'phong-van-nguoi-dan@2026.1']);
	});

	it('changes its tag when a questionnaire in scope is published or retired, and only then', async () => {
		const hanoi = await tagOf(HA_NOI);
		const hcm = await tagOf(HO_CHI_MINH);
		const unchanged = await routeResponse(deviceTemplates, {
			as: person('inspector', HA_NOI),
			path: '/api/templates',
			headers: { 'if-none-match': hanoi }
		});
		expect(unchanged.status).toBe(304);

		// Another province's new questionnaire: Hà Nội's answer is the same.
		await addQuestionnaire('phong-van-hcm', HO_CHI_MINH, '2026.3', 'published');
		expect(await tagOf(HA_NOI)).toBe(hanoi);
		expect(await tagOf(HO_CHI_MINH)).not.toBe(hcm);

		// The national one retired: every device is told.
		await ctx.db
			.updateTable('template_versions')
			.set({ status: 'retired', retired_at: new Date().toISOString(), updated_at: new Date().toISOString() })
			.where('template_id', '=', 'phong-van-nguoi-dan')
			.execute();
		forgetCachedQuestionnaires();
		const after = await tagOf(HA_NOI);
		expect(after).not.toBe(hanoi);
		const fresh = await routeResponse(deviceTemplates, {
			as: person('inspector', HA_NOI),
			path: '/api/templates',
			headers: { 'if-none-match': hanoi }
		});
		expect(fresh.status).toBe(200);
		expect((await fresh.json()).questionnaires[0]).toMatchObject({ templateId: 'phong-van-nguoi-dan', status: 'retired' });
	});
});
