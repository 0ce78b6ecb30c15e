/**
 * Checklist templates as versioned data (issue 15): a template (national, or one province's own)
 * has versions; each version is a draft while it is written, then published with the date it
 * takes effect, and retired when no new inspection should take it. A published version never
 * changes again: an inspection pins (templateId, version) and is read, scored, printed and
 * verified against exactly that content for as long as the record exists.
 *
 * Pure and shared: the server stores these, the admin screen edits them, the device caches the
 * published and retired ones and picks the effective one for a new inspection.
 */
import { z } from 'zod';
import { templateSchema, type Template } from './template';

export { effectiveVersion, keyOf } from './template-keys';

export const templateStatuses = ['draft', 'published', 'retired'] as const;
export const templateStatusSchema = z.enum(templateStatuses);
export type TemplateStatus = z.infer<typeof templateStatusSchema>;

/** A template's id: lower-case words joined by dashes, as in 'mac-dinh' or 'mac-dinh-tinh-1'. */
export const templateIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'invalid_template_id');

/** A version's label, unique within its template: '2025.1', '2026.2-hn'. */
export const versionLabelSchema = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.-]{0,31}$/, 'invalid_version_label');

/** Which version of which template: how inspections pin one and how versions name their parent. */
export const templateKeySchema = z.object({ templateId: templateIdSchema, version: versionLabelSchema });
export type TemplateKey = z.infer<typeof templateKeySchema>;

/** Everything about a version except its content: what lists show and what the device compares. */
export const templateVersionMetaSchema = z.object({
	templateId: z.string(),
	version: z.string(),
	/** The template's name as this version has it. */
	name: z.string(),
	status: templateStatusSchema,
	/** The first day (YYYY-MM-DD, Vietnam) a new inspection takes this version; null while a draft. */
	effectiveFrom: z.iso.date().nullable(),
	/** null: national (every province); a province code: that province's own template. */
	scopeProvinceCode: z.number().int().positive().nullable(),
	/** The version this one was drafted from (another template's, for a province's own); null for the first. */
	basedOn: templateKeySchema.nullable(),
	publishedAt: z.string().nullable(),
	retiredAt: z.string().nullable(),
	/** User id of the author of the draft; null for the version the migration moved in. */
	createdBy: z.string().nullable(),
	createdAt: z.string(),
	updatedAt: z.string()
});
export type TemplateVersionMeta = z.infer<typeof templateVersionMetaSchema>;

/** A version with its content. `template.id` and `template.version` always equal the meta's. */
export const templateVersionSchema = templateVersionMetaSchema.extend({ template: templateSchema });
export type TemplateVersion = TemplateVersionMeta & { template: Template };

/** Statuses a record may be pinned to: a draft is never used, a retired version still reads its old records. */
export const pinnableStatuses: readonly TemplateStatus[] = ['published', 'retired'];

/** May someone working in `provinceCode` (null: national) see versions of this scope? */
export const scopeVisibleTo = (scopeProvinceCode: number | null, provinceCode: number | null): boolean =>
	scopeProvinceCode === null || provinceCode === null || scopeProvinceCode === provinceCode;
