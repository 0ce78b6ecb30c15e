/**
 * Reading template versions from the database: rows to the shared shapes, and the in-process
 * cache the sync handlers validate records against.
 *
 * A version's content never changes once published, so a published or retired version may be
 * cached for the life of the process; drafts are never cached (and never pinnable). The cache
 * is still dropped whenever this process publishes, retires or deletes, so a status read from it
 * is never older than this process's own changes.
 *
 * Safe with several app instances behind one database, without telling each other anything: an
 * entry is only ever made for a version already published (a miss is never cached, so a version
 * published through another instance is read at its first use here), a published version only
 * moves on to retired (pinnable all the same, same content), and only drafts are ever edited or
 * deleted. tests/chaos/instances.test.ts publishes through one instance and uses it through another.
 */
import type { Kysely } from 'kysely';
import { templateSchema, type Template } from '$lib/domain/template';
import {
	keyOf,
	pinnableStatuses,
	templateStatusSchema,
	type TemplateVersion,
	type TemplateVersionMeta
} from '$lib/domain/template-versions';
import type { Database, TemplateVersionRow } from '../db/schema';

/**
 * Checklist versions with their template's scope. Questionnaires (templates of kind
 * 'questionnaire', issue 19) live in the same tables and are read by their own module: nothing
 * here ever offers one as a record's checklist.
 */
export const versionsWithScope = (db: Kysely<Database>) =>
	db
		.selectFrom('template_versions as v')
		.innerJoin('templates as t', 't.id', 'v.template_id')
		.where('t.kind', '=', 'checklist')
		.selectAll('v')
		.select('t.scope_province_code');

export type ScopedVersionRow = TemplateVersionRow & { scope_province_code: number | null };

export function metaOf(row: ScopedVersionRow): TemplateVersionMeta {
	return {
		templateId: row.template_id,
		version: row.version,
		name: row.name,
		status: templateStatusSchema.parse(row.status),
		effectiveFrom: row.effective_from,
		scopeProvinceCode: row.scope_province_code === null ? null : Number(row.scope_province_code),
		basedOn:
			row.based_on_template_id === null || row.based_on_version === null
				? null
				: { templateId: row.based_on_template_id, version: row.based_on_version },
		publishedAt: row.published_at,
		retiredAt: row.retired_at,
		createdBy: row.created_by,
		createdAt: row.created_at,
		updatedAt: row.updated_at
	};
}

/**
 * The stored content, parsed with today's schema so fields added since it was written get their
 * defaults (the same as the compiled template got when it was parsed at module load).
 */
export const contentOf = (row: TemplateVersionRow): Template => templateSchema.parse(JSON.parse(row.content));

export const versionOf = (row: ScopedVersionRow): TemplateVersion => ({ ...metaOf(row), template: contentOf(row) });

/** One version with its content, whatever its status; null when there is none. */
export async function getVersion(db: Kysely<Database>, templateId: string, version: string): Promise<TemplateVersion | null> {
	const row = await versionsWithScope(db).where('v.template_id', '=', templateId).where('v.version', '=', version).executeTakeFirst();
	return row ? versionOf(row) : null;
}

/** Content of published and retired versions, which never changes: per instance on purpose (see above). */
const pinnable = new Map<string, Template>();

/**
 * The content a record pinned to (templateId, version) is checked against: a published or
 * retired version, from the process cache when it was read before. Null for a draft or an
 * unknown version.
 */
export async function pinnableTemplate(db: Kysely<Database>, templateId: string, version: string): Promise<Template | null> {
	const key = keyOf({ templateId, version });
	const cached = pinnable.get(key);
	if (cached) return cached;
	const row = await versionsWithScope(db)
		.where('v.template_id', '=', templateId)
		.where('v.version', '=', version)
		.where('v.status', 'in', pinnableStatuses)
		.executeTakeFirst();
	if (!row) return null;
	const template = contentOf(row);
	pinnable.set(key, template);
	return template;
}

/** Whether any version of `templateId` exists (tells an unknown version from an unknown template). */
export async function templateExists(db: Kysely<Database>, templateId: string): Promise<boolean> {
	return (await db.selectFrom('templates').select('id').where('id', '=', templateId).executeTakeFirst()) !== undefined;
}

/** Drops the process cache: after a status change here, and between tests. */
export function forgetCachedTemplates(): void {
	pinnable.clear();
}
