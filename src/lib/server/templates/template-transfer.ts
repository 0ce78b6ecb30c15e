/**
 * Template files in and out of the server (docs/templates.md, "Import and export"): a version
 * exported as XLSX or JSON, and a file imported as a new draft. The conversion is in
 * ./spreadsheet and $lib/domain/template-import; this adds who may, the size limit and the audit.
 */
import type { Kysely } from 'kysely';
import { problemOf, type ErrorBody, type LocatedProblem } from '$lib/domain/protocol';
import type { AdminVersion } from '$lib/domain/protocol/templates';
import { checkContent, templateToJson, type ContentCheck } from '$lib/domain/template-import';
import { appendAdminAudit } from '../admin/admin-audit';
import { assertManagesProvince, type AdminActor } from '../admin/guard';
import type { Database } from '../db/schema';
import { TEMPLATE_FILE_BYTES } from '$lib/domain/protocol/body-limits';
import { Refusal } from '../http';
import { readBytesBody, readJsonBody } from '../json-body';
import { templateFromXlsx, templateToXlsx, XLSX_MEDIA_TYPE } from './spreadsheet';
import { getVersionFor, saveImportedDraft } from './template-changes';

export const templateFileFormats = ['xlsx', 'json'] as const;
export type TemplateFileFormat = (typeof templateFileFormats)[number];

const IMPORT_ROUTE = 'POST /api/admin/templates/import';

/**
 * Largest template file accepted (body-limits.ts), checked while the body streams in, before any
 * parsing. The shipped template is about 30 KiB as XLSX and 60 KiB as JSON; a decade of growth
 * fits easily.
 */
export const MAX_TEMPLATE_FILE_BYTES = TEMPLATE_FILE_BYTES;

/** `?format=xlsx|json`: 400 naming `format` otherwise. */
export function fileFormatOf(url: URL): TemplateFileFormat {
	const format = url.searchParams.get('format');
	const known = templateFileFormats.find((f) => f === format);
	if (!known) throw new Refusal(400, 'invalid_request', 'format must be xlsx or json', 'format');
	return known;
}

/**
 * `?province=<code>` for whose template the import is: absent means the admin's own scope (their
 * province, or national for a national admin). An admin may import only into a scope they manage.
 */
function importScope(admin: AdminActor, url: URL): number | null {
	const asked = url.searchParams.get('province');
	if (asked === null || asked === '') return admin.provinceCode;
	if (asked === 'national') return null;
	const code = Number(asked);
	if (!Number.isInteger(code) || code <= 0)
		throw new Refusal(400, 'invalid_request', 'province must be a province code or national', 'province');
	return code;
}

/** "mac-dinh-2025.1.xlsx": ids and labels are already safe in a file name (template-versions.ts). */
const fileNameOf = (v: AdminVersion, format: TemplateFileFormat) =>
	`${v.templateId}-${v.version}.${format}`.replace(/[^0-9A-Za-z.-]/g, '_');

/**
 * GET …/[id]/[version]/export: the version's content as a file to download. Any admin exports a
 * national version; a province's own versions only its admins (and national ones): 404 for the
 * others, as for reading them. Each export is audited (issue 14: what leaves the server is known).
 * A questionnaire's workbook has its own sheets (spreadsheet/questionnaire-layout.ts).
 */
export async function exportTemplate(
	db: Kysely<Database>,
	admin: AdminActor,
	key: { templateId: string; version: string },
	format: TemplateFileFormat
): Promise<Response> {
	const found = await getVersionFor(db, admin, key.templateId, key.version);
	const body = format === 'xlsx' ? new Uint8Array(await templateToXlsx(found.template)) : templateToJson(found.template);
	await appendAdminAudit(db, {
		action: 'template_exported',
		actorUserId: admin.userId,
		detail: { templateId: found.templateId, version: found.version, provinceCode: found.scopeProvinceCode, format }
	});
	return new Response(body, {
		headers: {
			'content-type': format === 'xlsx' ? XLSX_MEDIA_TYPE : 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${fileNameOf(found, format)}"`,
			'cache-control': 'no-store'
		}
	});
}

export type ImportResult = { ok: true; version: AdminVersion } | { ok: false; problems: LocatedProblem[] };

/**
 * POST /api/admin/templates/import: the file in the body (raw bytes, no form) becomes a draft
 * under the id and version it names. The scope is checked before the body is read, the body is
 * refused past MAX_TEMPLATE_FILE_BYTES before it is parsed, and the database is opened only for
 * a file that validates; one that does not gives every problem found. The stored draft is
 * audited by the store (`template_imported`). A file of either format may hold a checklist or a
 * questionnaire (JSON: `kind: 'questionnaire'`; a workbook: its "Questionnaire" sheet).
 */
export async function importTemplate(
	admin: AdminActor,
	request: Request,
	url: URL,
	database: () => Promise<Kysely<Database>>
): Promise<ImportResult> {
	const scopeProvinceCode = importScope(admin, url);
	assertManagesProvince(admin, scopeProvinceCode, 'province');
	// The body's size is settled first (413 past the limit, whatever else is wrong), then its format.
	const bytes = await readBytesBody(request, IMPORT_ROUTE);
	const format = fileFormatOf(url);
	if (bytes.byteLength === 0) throw new Refusal(400, 'empty_body', 'The request has no file in its body');
	const checked: ContentCheck =
		format === 'json'
			? // Through the same reader as every JSON body: UTF-8, depth and NUL checks included.
				checkContent(await readJsonBody(new Request('http://template.import/', { method: 'POST', body: bytes }), IMPORT_ROUTE))
			: await templateFromXlsx(bytes);
	if (!checked.ok) return checked;
	return { ok: true, version: await saveImportedDraft(await database(), admin, checked.template, { scopeProvinceCode }) };
}

/** Where a problem is, in one string: the JSON path, else the cell as Excel writes it (Items!K3). */
const whereOf = (p: LocatedProblem): string | undefined => p.field ?? (p.sheet && p.cell ? `${p.sheet}!${p.cell}` : p.sheet);

/**
 * Most problems one answer lists. A file that is wrong throughout (another spreadsheet uploaded
 * by mistake) would otherwise answer with one problem per cell; the first ones say enough.
 */
export const MAX_LISTED_PROBLEMS = 200;

/**
 * The 400 body of a template that does not validate: the first problem up front, all of them (up
 * to MAX_LISTED_PROBLEMS, then one saying how many more) in `problems`.
 */
export function templateInvalidBody(problems: LocatedProblem[]): ErrorBody {
	const first = problems[0];
	const count = problems.length === 1 ? 'One problem' : `${problems.length} problems`;
	const message = `The template does not validate. ${count}; the first: ${first?.message ?? 'unknown'}`;
	const listed =
		problems.length <= MAX_LISTED_PROBLEMS
			? problems
			: [...problems.slice(0, MAX_LISTED_PROBLEMS), { message: `…and ${problems.length - MAX_LISTED_PROBLEMS} more problems` }];
	return { error: { ...problemOf('template_invalid', message, first && whereOf(first)), problems: listed } };
}
