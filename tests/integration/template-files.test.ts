/**
 * Template files through the real route handlers, on both databases: export of a stored version
 * as XLSX and JSON, import as a new draft, the round trip between them, every problem of a bad
 * file with its place, the size limit, who may, and the audit trail.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { everyKindTemplate } from '$lib/domain/every-kind-template.fixture';
import { errorBodySchema } from '$lib/domain/protocol';
import type { Template } from '$lib/domain/template';
import { templateToJson } from '$lib/domain/template-import';
import type { Role } from '$lib/domain/permissions';
import type { SignedInUser } from '$lib/server/auth';
import { getDatabase } from '$lib/server/db';
import { templateFromXlsx, templateToXlsx } from '$lib/server/templates/spreadsheet';
import { MAX_TEMPLATE_FILE_BYTES } from '$lib/server/templates/template-transfer';
import { defaultTemplate, defaultTemplateV2 } from '$lib/templates';
import { GET as exportVersion } from '../../src/routes/api/admin/templates/[id]/[version]/export/+server';
import { POST as importFile } from '../../src/routes/api/admin/templates/import/+server';
import { requestEvent } from './support/auth-browser';
import { createCaller } from './support/callers';
import { useServerDatabase, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const HA_NOI = 1;
const HO_CHI_MINH = 79;

type Handler = (event: never) => Response | Promise<Response>;

async function call(
	handler: Handler,
	as: SignedInUser | null,
	path: string,
	init: { method?: string; body?: BodyInit; params?: Record<string, string> } = {}
) {
	const request = new Request(`http://localhost${path}`, { method: init.method ?? 'GET', body: init.body });
	const { event } = requestEvent(request);
	return handler({ ...event, params: init.params ?? {}, locals: as ? { actor: as } : {} } as never);
}

const exportOf = (as: SignedInUser | null, templateId: string, version: string, format: string) =>
	call(exportVersion, as, `/api/admin/templates/${templateId}/${version}/export?format=${format}`, { params: { id: templateId, version } });

const importOf = (as: SignedInUser | null, format: string, body: BodyInit, query = '') =>
	call(importFile, as, `/api/admin/templates/import?format=${format}${query}`, { method: 'POST', body });

/** A copy of a template under another id/version, so each test's import is a new draft. */
const relabeled = (t: Template, id: string, version = '2026.1'): Template => ({ ...structuredClone(t), id, version });

describe.each(testDatabases)('template files on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind);
	let national: SignedInUser;
	let hanoi: SignedInUser;
	let hcm: SignedInUser;
	let inspector: SignedInUser;

	async function newUser(role: Role, provinceCode: number | null): Promise<SignedInUser> {
		const { db } = await getDatabase();
		return (await createCaller(db, role, { provinceCode })).user;
	}

	async function auditOf(action: string) {
		const { db } = await getDatabase();
		const rows = await db.selectFrom('audit_log').select(['actor_user_id', 'detail']).where('action', '=', action).orderBy('seq').execute();
		return rows.map((r) => ({ actor: r.actor_user_id, detail: JSON.parse(r.detail) as Record<string, unknown> }));
	}

	async function versionCount(): Promise<number> {
		const { db } = await getDatabase();
		return (await db.selectFrom('template_versions').select('version').execute()).length;
	}

	beforeAll(async () => {
		if (kind.skipReason) return;
		national = await newUser('admin', null);
		hanoi = await newUser('admin', HA_NOI);
		hcm = await newUser('admin', HO_CHI_MINH);
		inspector = await newUser('inspector', HA_NOI);
	});

	it('exports the stored default version as XLSX named after it, reads back identical, and audits the export', async () => {
		const res = await exportOf(hanoi, 'mac-dinh', '2025.1', 'xlsx');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="mac-dinh-2025.1.xlsx"');
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(await templateFromXlsx(new Uint8Array(await res.arrayBuffer()))).toEqual({ ok: true, template: defaultTemplate });
		expect((await auditOf('template_exported')).at(-1)).toEqual({
			actor: hanoi.userId,
			detail: { templateId: 'mac-dinh', version: '2025.1', provinceCode: null, format: 'xlsx' }
		});
	});

	it('exports the stored version 2 of the default template as XLSX that reads back identical', async () => {
		const res = await exportOf(national, defaultTemplateV2.id, defaultTemplateV2.version, 'xlsx');
		expect(res.status).toBe(200);
		expect(await templateFromXlsx(new Uint8Array(await res.arrayBuffer()))).toEqual({ ok: true, template: defaultTemplateV2 });
	});

	it('exports JSON that is the template object itself', async () => {
		const res = await exportOf(national, 'mac-dinh', '2025.1', 'json');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="mac-dinh-2025.1.json"');
		expect(await res.json()).toEqual(defaultTemplate);
	});

	it.each(['xlsx', 'json'])('imports a %s file as a new draft, and exporting it again gives the same template', async (format) => {
		const template = relabeled(everyKindTemplate, `mau-thu-${format}`);
		const file = format === 'xlsx' ? new Uint8Array(await templateToXlsx(template)) : templateToJson(template);
		const res = await importOf(national, format, file);
		expect(res.status).toBe(201);
		const { version } = (await res.json()) as { version: { status: string; scopeProvinceCode: number | null; template: Template } };
		expect(version).toMatchObject({ templateId: template.id, version: '2026.1', status: 'draft', scopeProvinceCode: null });
		expect(version.template).toEqual(template);
		expect((await auditOf('template_imported')).at(-1)).toMatchObject({
			actor: national.userId,
			detail: { templateId: template.id, version: '2026.1' }
		});

		const xlsx = await exportOf(national, template.id, '2026.1', 'xlsx');
		expect(await templateFromXlsx(new Uint8Array(await xlsx.arrayBuffer()))).toEqual({ ok: true, template });
		const json = await exportOf(national, template.id, '2026.1', 'json');
		expect(await json.json()).toEqual(template);

		const again = await importOf(national, format, file);
		expect(again.status).toBe(409);
		expect(await again.json()).toMatchObject({ error: { code: 'template_version_taken' } });
	});

	it("keeps a province's imported template to that province: its admins export it, other provinces get 404", async () => {
		const template = relabeled(everyKindTemplate, 'mau-ha-noi');
		const res = await importOf(hanoi, 'json', templateToJson(template));
		expect(res.status).toBe(201);
		expect(await res.json()).toMatchObject({ version: { scopeProvinceCode: HA_NOI, status: 'draft' } });
		expect((await exportOf(hanoi, 'mau-ha-noi', '2026.1', 'json')).status).toBe(200);
		expect((await exportOf(national, 'mau-ha-noi', '2026.1', 'json')).status).toBe(200);
		const other = await exportOf(hcm, 'mau-ha-noi', '2026.1', 'json');
		expect(other.status).toBe(404);
		expect(await other.json()).toMatchObject({ error: { code: 'template_not_found' } });

		const elsewhere = await importOf(hanoi, 'json', templateToJson(relabeled(template, 'mau-tphcm')), `&province=${HO_CHI_MINH}`);
		expect(elsewhere.status).toBe(403);
		expect(await elsewhere.json()).toMatchObject({ error: { code: 'outside_own_province', field: 'province' } });
		const forProvince = await importOf(national, 'json', templateToJson(relabeled(template, 'mau-tphcm')), `&province=${HO_CHI_MINH}`);
		expect(await forProvince.json()).toMatchObject({ version: { templateId: 'mau-tphcm', scopeProvinceCode: HO_CHI_MINH } });
	});

	it('answers a workbook with faults with 400 template_invalid listing each by sheet, row and column, and stores nothing', async () => {
		const template = relabeled(everyKindTemplate, 'mau-loi');
		const a2 = template.sections[0]!.items[1]!;
		a2.weight = 'nặng' as unknown as number; // written as text, as a person might type it
		a2.legal[0]!.date = '2025-02-30';
		const before = await versionCount();
		const res = await importOf(national, 'xlsx', new Uint8Array(await templateToXlsx(template)));
		expect(res.status).toBe(400);
		const body = errorBodySchema.parse(await res.json());
		expect(body.error).toMatchObject({ code: 'template_invalid', field: 'Items!K3' });
		expect(body.error.problems).toEqual([
			{ sheet: 'Items', row: 3, column: 'weight', cell: 'K3', message: 'Expected a number, found "nặng"' },
			{
				sheet: 'Legal',
				row: 5,
				column: 'date',
				cell: 'C5',
				field: 'sections.0.items.1.legal.0.date',
				message: expect.any(String),
				// The schema's issue code, for the screen to word (issue 20).
				code: expect.any(String)
			}
		]);
		expect(await versionCount()).toBe(before);
	});

	it('answers JSON with faults with every problem at its path', async () => {
		const broken = JSON.parse(templateToJson(relabeled(everyKindTemplate, 'Mau Sai'))) as Record<string, unknown> & {
			sections: { title: unknown }[];
		};
		broken.sections[1]!.title = 7;
		const res = await importOf(national, 'json', JSON.stringify(broken));
		expect(res.status).toBe(400);
		const body = errorBodySchema.parse(await res.json());
		expect(body.error.field).toBe('sections.1.title');
		expect(body.error.problems?.map((p) => p.field)).toEqual(['sections.1.title']);
		// Once the content validates, the id must be one the store can address.
		broken.sections[1]!.title = 'Hồ sơ';
		const named = errorBodySchema.parse(await (await importOf(national, 'json', JSON.stringify(broken))).json());
		expect(named.error.problems).toEqual([{ field: 'id', message: expect.stringContaining('lower-case') }]);
	});

	it('refuses a body over the limit with 413 before parsing it, an empty body, bytes that are no workbook, and a missing format', async () => {
		const tooLarge = await importOf(national, 'xlsx', new Uint8Array(MAX_TEMPLATE_FILE_BYTES + 1));
		expect(tooLarge.status).toBe(413);
		expect(await tooLarge.json()).toMatchObject({ error: { code: 'body_too_large' } });
		expect(await (await importOf(national, 'json', 'x'.repeat(MAX_TEMPLATE_FILE_BYTES + 1))).json()).toMatchObject({
			error: { code: 'body_too_large' }
		});
		expect(await (await importOf(national, 'xlsx', new Uint8Array(0))).json()).toMatchObject({ error: { code: 'empty_body' } });
		const notXlsx = await importOf(national, 'xlsx', 'id,version\nmac-dinh,2026.1');
		expect(notXlsx.status).toBe(400);
		expect(await notXlsx.json()).toMatchObject({
			error: { code: 'template_invalid', problems: [{ message: expect.stringMatching(/^Not a readable XLSX/) }] }
		});
		const noFormat = await call(importFile, national, '/api/admin/templates/import', { method: 'POST', body: '{}' });
		expect(await noFormat.json()).toMatchObject({ error: { code: 'invalid_request', field: 'format' } });
		expect(await (await exportOf(national, 'mac-dinh', '2025.1', 'csv')).json()).toMatchObject({
			error: { code: 'invalid_request', field: 'format' }
		});
	});

	it('lets only admins in: 401 signed out, 403 for an inspector, on both endpoints', async () => {
		expect((await exportOf(null, 'mac-dinh', '2025.1', 'json')).status).toBe(401);
		expect((await exportOf(inspector, 'mac-dinh', '2025.1', 'json')).status).toBe(403);
		expect((await importOf(null, 'json', '{}')).status).toBe(401);
		expect((await importOf(inspector, 'json', templateToJson(relabeled(everyKindTemplate, 'mau-kt')))).status).toBe(403);
		expect((await exportOf(national, 'khong-co', '1', 'json')).status).toBe(404);
	});
});
