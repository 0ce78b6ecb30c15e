/**
 * Template versions of either kind, as the admins' screens and files read them (issue 19): a
 * checklist or a questionnaire share the tables and the lifecycle (draft, published, retired),
 * and every change dispatches on the template's kind. template-rows.ts and questionnaire-rows.ts
 * stay the readers for records and devices, each of one kind only.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { questionnaireSchema, templateKindSchema, type TemplateKind } from '$lib/domain/questionnaire';
import { templateSchema } from '$lib/domain/template';
import type { AdminVersion, AdminVersionMeta } from '$lib/domain/protocol/templates';
import type { Database } from '../db/schema';
import { forgetCachedQuestionnaires } from './questionnaire-rows';
import { metaOf, forgetCachedTemplates, type ScopedVersionRow } from './template-rows';

/** Versions of both kinds with their template's scope and kind. */
export const adminVersionRows = (db: Kysely<Database>) =>
	db
		.selectFrom('template_versions as v')
		.innerJoin('templates as t', 't.id', 'v.template_id')
		.selectAll('v')
		.select(['t.scope_province_code', 't.kind']);

type KindedRow = ScopedVersionRow & { kind: string };

/** The schema a version's content must pass, by its template's kind. */
export function contentSchemaOf(kind: TemplateKind): z.ZodType<AdminVersion['template'], unknown> {
	return kind === 'questionnaire' ? questionnaireSchema : templateSchema;
}

export const adminMetaOf = (row: KindedRow): AdminVersionMeta => ({ ...metaOf(row), kind: templateKindSchema.parse(row.kind) });

/** The version with its content parsed by today's schema of its kind. */
export function adminVersionOf(row: KindedRow): AdminVersion {
	const meta = adminMetaOf(row);
	const content: unknown = JSON.parse(row.content);
	return meta.kind === 'questionnaire'
		? { ...meta, kind: 'questionnaire', template: questionnaireSchema.parse(content) }
		: { ...meta, kind: 'checklist', template: templateSchema.parse(content) };
}

/** One version of either kind, whatever its status; null when there is none. */
export async function getAdminVersion(db: Kysely<Database>, templateId: string, version: string): Promise<AdminVersion | null> {
	const row = await adminVersionRows(db).where('v.template_id', '=', templateId).where('v.version', '=', version).executeTakeFirst();
	return row ? adminVersionOf(row) : null;
}

/** The kind content says it is: a questionnaire names itself (`kind: 'questionnaire'`), a checklist has no kind. */
export const kindOfContent = (content: unknown): TemplateKind =>
	typeof content === 'object' && content !== null && (content as { kind?: unknown }).kind === 'questionnaire'
		? 'questionnaire'
		: 'checklist';

/** Drops both process caches of pinned content: after any publication, retirement or deletion here. */
export function forgetCachedVersions(): void {
	forgetCachedTemplates();
	forgetCachedQuestionnaires();
}
