/**
 * Which versions a person sees: the admin list (every status, national and own province), the
 * device's offline set (published and retired, with content) and the version a new inspection
 * takes.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Principal } from '$lib/domain/principal';
import { effectiveVersion, pinnableStatuses, type TemplateVersion } from '$lib/domain/template-versions';
import type { AdminVersionMeta } from '$lib/domain/protocol/templates';
import type { Database } from '../db/schema';
import { adminMetaOf, adminVersionRows } from './admin-version-rows';
import { metaOf, versionOf, versionsWithScope } from './template-rows';

/** Versions of national templates and of `provinceCode`'s own (all of them when null). */
function inScope(db: Kysely<Database>, provinceCode: number | null) {
	const q = versionsWithScope(db).orderBy('v.template_id').orderBy('v.created_at').orderBy('v.version');
	if (provinceCode === null) return q;
	return q.where((eb) => eb.or([eb('t.scope_province_code', 'is', null), eb('t.scope_province_code', '=', provinceCode)]));
}

/**
 * Every version an admin manages or may build on, checklists and questionnaires with their kind,
 * without content: a province admin sees the national ones and their province's own, a national
 * admin all of them.
 */
export async function listVersions(db: Kysely<Database>, principal: Principal): Promise<AdminVersionMeta[]> {
	let q = adminVersionRows(db).orderBy('t.kind').orderBy('v.template_id').orderBy('v.created_at').orderBy('v.version');
	const provinceCode = principal.provinceCode;
	if (provinceCode !== null)
		q = q.where((eb) => eb.or([eb('t.scope_province_code', 'is', null), eb('t.scope_province_code', '=', provinceCode)]));
	return (await q.execute()).map(adminMetaOf);
}

/**
 * What a device keeps offline: every published or retired version it may have to open a
 * record of (national and its province's own), with content.
 */
export async function listForDevice(db: Kysely<Database>, principal: Principal): Promise<TemplateVersion[]> {
	const rows = await inScope(db, principal.provinceCode).where('v.status', 'in', pinnableStatuses).execute();
	return rows.map(versionOf);
}

/**
 * A tag for what `listForDevice` would answer, read without the contents: a device that already
 * holds that answer is told so (304) instead of being sent every version again on every round.
 * Any new, published, retired or changed version in scope changes it.
 */
export async function deviceTemplatesTag(db: Kysely<Database>, principal: Principal): Promise<string> {
	const [rows, questionnaires] = await Promise.all([
		inScope(db, principal.provinceCode)
			.clearSelect()
			.select(['v.template_id', 'v.version', 'v.status', 'v.updated_at'])
			.where('v.status', 'in', pinnableStatuses)
			.execute(),
		questionnairesInScope(db, principal.provinceCode)
	]);
	// Questionnaires (issue 19) travel in the same answer, so any change of theirs changes the tag too.
	const text = [...rows, ...questionnaires].map((r) => [r.template_id, r.version, r.status, r.updated_at].join('\u0000')).join('\n');
	return `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
}

/** The tag's part for questionnaire versions a device keeps (listQuestionnairesForDevice's rows, without content). */
function questionnairesInScope(db: Kysely<Database>, provinceCode: number | null) {
	let q = db
		.selectFrom('template_versions as v')
		.innerJoin('templates as t', 't.id', 'v.template_id')
		.where('t.kind', '=', 'questionnaire')
		.where('v.status', 'in', pinnableStatuses)
		.select(['v.template_id', 'v.version', 'v.status', 'v.updated_at'])
		.orderBy('v.template_id')
		.orderBy('v.version');
	if (provinceCode !== null)
		q = q.where((eb) => eb.or([eb('t.scope_province_code', 'is', null), eb('t.scope_province_code', '=', provinceCode)]));
	return q.execute();
}

/** The version a new inspection in `provinceCode` takes on `date` (YYYY-MM-DD); null when none is in effect. */
export async function effectiveTemplateFor(db: Kysely<Database>, provinceCode: number, date: string): Promise<TemplateVersion | null> {
	const rows = await inScope(db, provinceCode).where('v.status', '=', 'published').execute();
	const chosen = effectiveVersion(rows.map(metaOf), provinceCode, date);
	if (!chosen) return null;
	const row = rows.find((r) => r.template_id === chosen.templateId && r.version === chosen.version)!;
	return versionOf(row);
}
