/**
 * What the server lists under GET /api/templates, checked against the shared schemas and stored
 * (issue 15, issue 19). Kept apart from the readers (template-cache.ts, questionnaire-cache.ts):
 * only a sync round writes here, and the pages that read versions before their first paint do
 * not load the schemas (issue 20: offline cold start). Static imports only: the service worker
 * bundles this for its background sync and cannot load modules on demand.
 */
import { questionnaireVersionSchema } from '$lib/domain/protocol';
import type { QuestionnaireVersion } from '$lib/domain/questionnaire';
import { templateVersionSchema, type TemplateVersion } from '$lib/domain/template-versions';
import type { AppDb } from './app-db';

/** Stores the versions the server listed; any this app cannot read are left out and counted. */
export async function saveQuestionnaireVersions(db: AppDb, versions: readonly unknown[]): Promise<{ stored: number; unreadable: number }> {
	const readable: QuestionnaireVersion[] = [];
	for (const v of versions) {
		const result = questionnaireVersionSchema.safeParse(v);
		if (result.success) readable.push(result.data);
	}
	if (readable.length > 0) await db.questionnaireVersions.bulkPut(readable);
	return { stored: readable.length, unreadable: versions.length - readable.length };
}

/**
 * Stores the versions the server listed; any the app cannot read (written by a newer server's
 * schema) are left out and counted, the rest stored. Answers how many were stored.
 */
export async function saveTemplateVersions(db: AppDb, versions: readonly unknown[]): Promise<{ stored: number; unreadable: number }> {
	const readable: TemplateVersion[] = [];
	for (const v of versions) {
		const result = templateVersionSchema.safeParse(v);
		if (result.success) readable.push(result.data);
	}
	if (readable.length > 0) await db.templateVersions.bulkPut(readable);
	return { stored: readable.length, unreadable: versions.length - readable.length };
}

/**
 * One fetch of the versions the server lists (part of every sync round), checklists and
 * questionnaires alike: stored, with the answer's tag, so the next round is told "unchanged" instead of receiving them all again.
 */
export async function refreshTemplateVersions(
	db: AppDb,
	fetchVersions: (known: string | null) => Promise<{ versions: unknown[]; questionnaires?: unknown[]; tag: string | null } | null>
): Promise<void> {
	const known = await db.meta.get('templatesTag');
	const answer = await fetchVersions(typeof known?.value === 'string' ? known.value : null);
	if (!answer) return;
	await saveTemplateVersions(db, answer.versions);
	await saveQuestionnaireVersions(db, answer.questionnaires ?? []);
	if (answer.tag) await db.meta.put({ key: 'templatesTag', value: answer.tag });
	else await db.meta.delete('templatesTag');
}
