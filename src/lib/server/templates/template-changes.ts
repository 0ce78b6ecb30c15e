/**
 * Changes to template versions, made by administrators (/api/admin/templates) and by imports:
 * draft from an existing version, edit the draft, publish it with the day it takes effect,
 * retire it, or delete a draft. Each change commits together with its audit entry, whose
 * `provinceCode` is the template's scope so a province's audit feed shows its own templates.
 *
 * Rules: only drafts change or are deleted; a published version is frozen (records pin it);
 * only a published version is retired; labels are unique within a template; an admin bound to a
 * province changes only its province's templates and may draft its own from a national one.
 *
 * Both kinds of template (issue 19: checklists and questionnaires) go through here: a version's
 * content is checked by the schema of its template's kind, a template never changes kind (a
 * checklist draft can never become a questionnaire, nor the reverse), and "the last published
 * national version" is counted per kind.
 */
import type { Kysely } from 'kysely';
import { vietnamDate } from '$lib/domain/dates';
import type { TemplateKind } from '$lib/domain/questionnaire';
import { scopeVisibleTo, type TemplateKey } from '$lib/domain/template-versions';
import type { AdminVersion, CreateDraftRequest } from '$lib/domain/protocol/templates';
import { loadUnits } from '$lib/units/units';
import { appendAdminAudit, type AdminAuditAction } from '../admin/admin-audit';
import { assertManagesProvince, type AdminActor } from '../admin/guard';
import { inTransaction, isUniqueViolation } from '../auth/transaction';
import type { Database } from '../db/schema';
import { parseOrRefuse, Refusal } from '../http';
import { contentSchemaOf, forgetCachedVersions, getAdminVersion, kindOfContent } from './admin-version-rows';

/** A version's content of either kind: what the tables store as JSON. */
type Content = AdminVersion['template'];

const notFound = (key: TemplateKey) =>
	new Refusal(404, 'template_not_found', `There is no template ${key.templateId} version ${key.version}`);

/** The version if the admin may see it: 404 otherwise (another province's templates are not theirs to know). */
async function visibleVersion(db: Kysely<Database>, admin: AdminActor, key: TemplateKey): Promise<AdminVersion> {
	const found = await getAdminVersion(db, key.templateId, key.version);
	if (!found || !scopeVisibleTo(found.scopeProvinceCode, admin.provinceCode)) throw notFound(key);
	return found;
}

/** GET /api/admin/templates/[id]/[version]. */
export function getVersionFor(db: Kysely<Database>, admin: AdminActor, templateId: string, version: string): Promise<AdminVersion> {
	return visibleVersion(db, admin, { templateId, version });
}

/** The version if the admin manages its scope and it is a draft. */
async function managedDraft(db: Kysely<Database>, admin: AdminActor, key: TemplateKey): Promise<AdminVersion> {
	const found = await visibleVersion(db, admin, key);
	assertManagesProvince(admin, found.scopeProvinceCode);
	if (found.status !== 'draft') {
		throw new Refusal(409, 'template_not_draft', `Version ${key.version} is ${found.status}: only a draft can change`);
	}
	return found;
}

async function audit(db: Kysely<Database>, admin: AdminActor, action: AdminAuditAction, v: AdminVersion, extra = {}) {
	const detail = { templateId: v.templateId, version: v.version, provinceCode: v.scopeProvinceCode, ...extra };
	await appendAdminAudit(db, { action, actorUserId: admin.userId, detail });
}

/** Refuses a province scope that is not in the official list (404 `province_not_found`). */
async function assertProvinceExists(scope: number | null): Promise<void> {
	if (scope === null || (await loadUnits()).some((p) => p.code === scope)) return;
	throw new Refusal(404, 'province_not_found', `No province with code ${scope} in the 2025 list`, 'scopeProvinceCode');
}

interface NewDraft {
	template: Content;
	kind: TemplateKind;
	scopeProvinceCode: number | null;
	basedOn: TemplateKey | null;
}

/**
 * Inserts a draft (and its template when new) in `trx`. 409 `template_scope_mismatch` when the
 * template exists under another scope, `template_kind_mismatch` when it is of the other kind,
 * `template_version_taken` when the label is used.
 */
async function insertDraft(trx: Kysely<Database>, admin: AdminActor, draft: NewDraft): Promise<void> {
	const { template, kind, scopeProvinceCode, basedOn } = draft;
	const at = new Date().toISOString();
	const existing = await trx.selectFrom('templates').selectAll().where('id', '=', template.id).executeTakeFirst();
	if (existing && (existing.scope_province_code === null ? null : Number(existing.scope_province_code)) !== scopeProvinceCode) {
		throw new Refusal(409, 'template_scope_mismatch', `Template ${template.id} belongs to another scope`, 'templateId');
	}
	// Records and interviews read a version by its template's kind: a template never changes kind.
	if (existing && existing.kind !== kind) {
		throw new Refusal(409, 'template_kind_mismatch', `Template ${template.id} is a ${existing.kind}, not a ${kind}`, 'templateId');
	}
	if (!existing) {
		await trx
			.insertInto('templates')
			.values({
				id: template.id,
				scope_province_code: scopeProvinceCode,
				based_on_template_id: basedOn && basedOn.templateId !== template.id ? basedOn.templateId : null,
				created_by: admin.userId,
				created_at: at,
				kind
			})
			.execute();
	}
	const taken = await trx
		.selectFrom('template_versions')
		.select('version')
		.where('template_id', '=', template.id)
		.where('version', '=', template.version)
		.executeTakeFirst();
	if (taken) throw versionTaken(template);
	await trx
		.insertInto('template_versions')
		.values({
			template_id: template.id,
			version: template.version,
			name: template.name,
			status: 'draft',
			effective_from: null,
			based_on_template_id: basedOn?.templateId ?? null,
			based_on_version: basedOn?.version ?? null,
			published_at: null,
			retired_at: null,
			created_by: admin.userId,
			created_at: at,
			updated_at: at,
			content: JSON.stringify(template)
		})
		.execute();
}

const versionTaken = (key: { id: string; version: string }) =>
	new Refusal(409, 'template_version_taken', `Template ${key.id} already has a version ${key.version}`, 'version');

/** Runs `work`, turning a label inserted by someone else at the same moment into `template_version_taken`. */
async function guardingLabel<T>(key: { id: string; version: string }, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (isUniqueViolation(error)) throw versionTaken(key);
		throw error;
	}
}

/**
 * POST /api/admin/templates/drafts: a draft copied from `from`. The draft belongs to the scope
 * asked for, else the admin's province, else the source's scope; drafting into another scope
 * than the source's (a province's own from the national one) makes or extends that scope's
 * template, named `templateId` or `<source id>-tinh-<province code>`.
 */
export async function createDraft(db: Kysely<Database>, admin: AdminActor, input: CreateDraftRequest): Promise<AdminVersion> {
	const source = await visibleVersion(db, admin, input.from);
	const scope = input.scopeProvinceCode !== undefined ? input.scopeProvinceCode : (admin.provinceCode ?? source.scopeProvinceCode);
	assertManagesProvince(admin, scope, 'scopeProvinceCode');
	await assertProvinceExists(scope);
	const templateId =
		input.templateId ?? (scope === source.scopeProvinceCode ? source.templateId : `${source.templateId}-tinh-${scope ?? 'quoc-gia'}`);
	// The draft is of the source's kind: a checklist's draft stays a checklist, a questionnaire's a questionnaire.
	const template: Content = { ...source.template, id: templateId, version: input.version, name: input.name ?? source.template.name };
	const key = { id: templateId, version: input.version };
	await guardingLabel(key, () =>
		inTransaction(db, async (trx) => {
			await insertDraft(trx, admin, { template, kind: source.kind, scopeProvinceCode: scope, basedOn: input.from });
			const created = (await getAdminVersion(trx, templateId, input.version))!;
			await audit(trx, admin, 'template_draft_created', created, { basedOn: input.from });
		})
	);
	return (await getAdminVersion(db, templateId, input.version))!;
}

/**
 * A draft from content made elsewhere (JSON or XLSX import, t15tools): validated by the schema
 * of the kind it names (a questionnaire says `kind: 'questionnaire'`, a checklist nothing; 400
 * with the path under `template`), stored under the content's own id and version. `basedOn`
 * defaults to nothing.
 */
export async function saveImportedDraft(
	db: Kysely<Database>,
	admin: AdminActor,
	content: unknown,
	scope: { scopeProvinceCode: number | null; basedOn?: TemplateKey | null }
): Promise<AdminVersion> {
	const kind = kindOfContent(content);
	const template = parseOrRefuse(contentSchemaOf(kind), content, 'template');
	assertManagesProvince(admin, scope.scopeProvinceCode, 'scopeProvinceCode');
	await assertProvinceExists(scope.scopeProvinceCode);
	await guardingLabel(template, () =>
		inTransaction(db, async (trx) => {
			const basedOn = scope.basedOn ?? null;
			await insertDraft(trx, admin, { template, kind, scopeProvinceCode: scope.scopeProvinceCode, basedOn });
			const created = (await getAdminVersion(trx, template.id, template.version))!;
			await audit(trx, admin, 'template_imported', created);
		})
	);
	return (await getAdminVersion(db, template.id, template.version))!;
}

/**
 * PUT /api/admin/templates/[id]/[version]: the draft's whole content, validated by the schema of
 * the draft's kind (400 naming the field, e.g. `template.sections.0.items.2.text` or
 * `template.groups.1.questions.0.text`; a checklist sent to a questionnaire's draft fails at
 * `template.kind`). The content must keep the draft's id and version.
 */
export async function updateDraft(
	db: Kysely<Database>,
	admin: AdminActor,
	templateId: string,
	version: string,
	content: unknown
): Promise<AdminVersion> {
	return inTransaction(db, async (trx) => {
		const draft = await managedDraft(trx, admin, { templateId, version });
		const template = parseOrRefuse(contentSchemaOf(draft.kind), content, 'template');
		if (template.id !== templateId) throw new Refusal(400, 'invalid_request', 'The content names another template', 'template.id');
		if (template.version !== version) throw new Refusal(400, 'invalid_request', 'The content names another version', 'template.version');
		await trx
			.updateTable('template_versions')
			.set({ content: JSON.stringify(template), name: template.name, updated_at: new Date().toISOString() })
			.where('template_id', '=', templateId)
			.where('version', '=', version)
			.execute();
		await audit(trx, admin, 'template_draft_updated', draft);
		return (await getAdminVersion(trx, templateId, version))!;
	});
}

/** DELETE /api/admin/templates/[id]/[version]: a draft only; a template left without versions goes too. */
export async function deleteDraft(db: Kysely<Database>, admin: AdminActor, templateId: string, version: string): Promise<void> {
	await inTransaction(db, async (trx) => {
		const draft = await managedDraft(trx, admin, { templateId, version });
		await trx.deleteFrom('template_versions').where('template_id', '=', templateId).where('version', '=', version).execute();
		const left = await trx.selectFrom('template_versions').select('version').where('template_id', '=', templateId).executeTakeFirst();
		if (!left) await trx.deleteFrom('templates').where('id', '=', templateId).execute();
		await audit(trx, admin, 'template_draft_deleted', draft);
	});
	forgetCachedVersions();
}

/**
 * POST …/publish: the draft becomes a published version, frozen from now on, that new
 * inspections take from `effectiveFrom` (today or later, Vietnam time). Its content is checked
 * again against today's schema: 400 naming the field when it no longer passes.
 */
export async function publish(
	db: Kysely<Database>,
	admin: AdminActor,
	templateId: string,
	version: string,
	effectiveFrom: string
): Promise<AdminVersion> {
	if (effectiveFrom < vietnamDate()) {
		throw new Refusal(400, 'effective_from_in_past', 'A version takes effect today or later', 'effectiveFrom');
	}
	const published = await inTransaction(db, async (trx) => {
		const draft = await managedDraft(trx, admin, { templateId, version });
		parseOrRefuse(contentSchemaOf(draft.kind), draft.template, 'template');
		const at = new Date().toISOString();
		await trx
			.updateTable('template_versions')
			.set({ status: 'published', effective_from: effectiveFrom, published_at: at, updated_at: at })
			.where('template_id', '=', templateId)
			.where('version', '=', version)
			.execute();
		await audit(trx, admin, 'template_published', draft, { effectiveFrom });
		return (await getAdminVersion(trx, templateId, version))!;
	});
	forgetCachedVersions();
	return published;
}

/**
 * POST …/retire: a published version no new inspection (or interview, for a questionnaire) takes
 * any more; records pinned to it still sync, print and verify against it. The last published
 * national version of its kind cannot be retired (new inspections or interviews would have
 * nothing to take): 409 `template_last_published`.
 */
export async function retire(db: Kysely<Database>, admin: AdminActor, templateId: string, version: string): Promise<AdminVersion> {
	const retired = await inTransaction(db, async (trx) => {
		const found = await visibleVersion(trx, admin, { templateId, version });
		assertManagesProvince(admin, found.scopeProvinceCode);
		if (found.status !== 'published') {
			throw new Refusal(409, 'template_not_published', `Version ${version} is ${found.status}: only a published version is retired`);
		}
		if (found.scopeProvinceCode === null) {
			const others = await trx
				.selectFrom('template_versions as v')
				.innerJoin('templates as t', 't.id', 'v.template_id')
				.select('v.version')
				.where('t.scope_province_code', 'is', null)
				.where('t.kind', '=', found.kind)
				.where('v.status', '=', 'published')
				.where((eb) => eb.or([eb('v.template_id', '!=', templateId), eb('v.version', '!=', version)]))
				.executeTakeFirst();
			if (!others) throw new Refusal(409, 'template_last_published', 'This is the last published national version');
		}
		const at = new Date().toISOString();
		await trx
			.updateTable('template_versions')
			.set({ status: 'retired', retired_at: at, updated_at: at })
			.where('template_id', '=', templateId)
			.where('version', '=', version)
			.execute();
		await audit(trx, admin, 'template_retired', found);
		return (await getAdminVersion(trx, templateId, version))!;
	});
	forgetCachedVersions();
	return retired;
}
