/**
 * Bodies of the template API (docs/templates.md): the admin's /api/admin/templates/* and the
 * device's GET /api/templates. Requests are parsed with these schemas on the server; answers are
 * typed here so the admin screen and the device read what the server writes.
 */
import { z } from 'zod';
import {
	templateKeySchema,
	templateIdSchema,
	versionLabelSchema,
	type TemplateVersion,
	type TemplateVersionMeta
} from '../template-versions';
import { questionnaireSchema, type Questionnaire, type QuestionnaireVersion, type TemplateKind } from '../questionnaire';

/** POST /api/admin/templates/drafts: a new draft copied from an existing version. */
export const createDraftRequestSchema = z.strictObject({
	/** The version whose content the draft starts from (any status). */
	from: templateKeySchema,
	/** The new version's label, unique within its template. */
	version: versionLabelSchema,
	/**
	 * The province whose own template the draft belongs to; null or absent: the same scope as
	 * `from`. A province admin drafting from a national version gets a province template.
	 */
	scopeProvinceCode: z.number().int().positive().nullable().optional(),
	/** The id of the template the draft belongs to, when it differs from `from.templateId` (a new province template). */
	templateId: templateIdSchema.optional(),
	/** The template's name for the new version; defaults to the source's. */
	name: z.string().min(3).max(200).optional()
});
export type CreateDraftRequest = z.infer<typeof createDraftRequestSchema>;

/** PUT /api/admin/templates/[id]/[version]: the draft's whole new content, checked by templateSchema. */
export const updateDraftRequestSchema = z.strictObject({ template: z.unknown() });
export type UpdateDraftRequest = z.infer<typeof updateDraftRequestSchema>;

/** POST /api/admin/templates/[id]/[version]/publish. */
export const publishRequestSchema = z.strictObject({ effectiveFrom: z.iso.date({ error: 'invalid_date' }) });
export type PublishRequest = z.infer<typeof publishRequestSchema>;

/**
 * What the admin's screens read of a version: its meta and the kind of its template (issue 19:
 * a checklist or a questionnaire; a template never changes kind, nor do its drafts).
 */
export type AdminVersionMeta = TemplateVersionMeta & { kind: TemplateKind };

/** A checklist version as the admin API answers it. */
export type ChecklistAdminVersion = TemplateVersion & { kind: 'checklist' };

/** A questionnaire version as the admin API answers it: the content is under `template` as for a checklist. */
export type QuestionnaireAdminVersion = TemplateVersionMeta & { kind: 'questionnaire'; template: Questionnaire };

/** One version with its content, of either kind: branch on `kind`. */
export type AdminVersion = ChecklistAdminVersion | QuestionnaireAdminVersion;

/** GET /api/admin/templates: every version the admin manages or builds on, of both kinds, without content. */
export interface TemplateVersionList {
	versions: AdminVersionMeta[];
}

/** GET /api/admin/templates/[id]/[version] and the answer of every change to one version. */
export interface TemplateVersionAnswer {
	version: AdminVersion;
}

/**
 * GET /api/templates: the published and retired versions a device may need offline (national and
 * the account's province), with content.
 */
export interface DeviceTemplates {
	versions: TemplateVersion[];
	/** Questionnaire versions (issue 19) for exit interviews offline, published and retired, in the same scope. */
	questionnaires: QuestionnaireVersion[];
}

/**
 * What the device reads of GET /api/templates before checking each version on its own. A server
 * from before issue 19 sends no questionnaires.
 */
export const deviceTemplatesWireSchema = z.object({ versions: z.array(z.unknown()), questionnaires: z.array(z.unknown()).default([]) });

/** A questionnaire version as the device checks it before keeping it (questionnaire.ts `QuestionnaireVersion`). */
export const questionnaireVersionSchema = z.object({
	templateId: templateIdSchema,
	version: versionLabelSchema,
	name: z.string(),
	status: z.enum(['draft', 'published', 'retired']),
	effectiveFrom: z.iso.date().nullable(),
	scopeProvinceCode: z.number().int().positive().nullable(),
	questionnaire: questionnaireSchema
}) satisfies z.ZodType<QuestionnaireVersion>;
