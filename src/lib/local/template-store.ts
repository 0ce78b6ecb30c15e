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

interface Stored {
	stored: number;
	unreadable: number;
}

/**
 * Stores the rows `schema` can read into `table`; any it cannot (written by a newer server's
 * schema) are left out and counted.
 */
async function saveReadable<T>(
	table: { bulkPut(rows: T[]): Promise<unknown> },
	schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
	versions: readonly unknown[]
): Promise<Stored> {
	const readable: T[] = [];
	for (const v of versions) {
		const result = schema.safeParse(v);
		if (result.success) readable.push(result.data);
	}
	if (readable.length > 0) await table.bulkPut(readable);
	return { stored: readable.length, unreadable: versions.length - readable.length };
}

/** Stores the questionnaire versions the server listed; any this app cannot read are left out and counted. */
export const saveQuestionnaireVersions = (db: AppDb, versions: readonly unknown[]): Promise<Stored> =>
	saveReadable<QuestionnaireVersion>(db.questionnaireVersions, questionnaireVersionSchema, versions);

/** Stores the checklist versions the server listed; any this app cannot read are left out and counted. */
export const saveTemplateVersions = (db: AppDb, versions: readonly unknown[]): Promise<Stored> =>
	saveReadable<TemplateVersion>(db.templateVersions, templateVersionSchema, versions);

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
