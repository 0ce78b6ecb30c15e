/**
 * The template screens' calls to /api/admin/templates (docs/templates.md). Online only, like
 * the other admin calls: a published version is what every device takes next, so it is decided
 * on the server, never queued. Refusals arrive as AdminApiError (admin-api.ts).
 */
import type { AdminVersion, CreateDraftRequest, TemplateVersionAnswer, TemplateVersionList } from '$lib/domain/protocol';
import type { TemplateKey, TemplateVersion, TemplateVersionMeta } from '$lib/domain/template-versions';
import { call } from './admin-api';

export type { TemplateKey, TemplateVersion, TemplateVersionMeta };

const path = (key: TemplateKey) => `/api/admin/templates/${encodeURIComponent(key.templateId)}/${encodeURIComponent(key.version)}`;

const versionOf = (answer: Promise<TemplateVersionAnswer>) => answer.then((r) => r.version);

export const templateAdminApi = {
	list: () => call<TemplateVersionList>('GET', '/api/admin/templates').then((r) => r.versions),
	get: (key: TemplateKey) => versionOf(call('GET', path(key))),
	createDraft: (request: CreateDraftRequest) => versionOf(call('POST', '/api/admin/templates/drafts', request)),
	saveDraft: (key: TemplateKey, template: AdminVersion['template']) => versionOf(call('PUT', path(key), { template })),
	publish: (key: TemplateKey, effectiveFrom: string) => versionOf(call('POST', `${path(key)}/publish`, { effectiveFrom })),
	retire: (key: TemplateKey) => versionOf(call('POST', `${path(key)}/retire`)),
	deleteDraft: (key: TemplateKey) => call<unknown>('DELETE', path(key)).then(() => undefined),
	/** Where the browser downloads the version as a file (the server names it). */
	exportUrl: (key: TemplateKey, format: TemplateFileKind) => `${path(key)}/export?format=${format}`,
	/** A template file (XLSX or JSON) becomes a new draft under the id and version it names, in the admin's own scope. */
	importFile: (file: File) => versionOf(call('POST', `/api/admin/templates/import?format=${fileKindOf(file.name)}`, file))
};

export type TemplateFileKind = 'xlsx' | 'json';

/** The file's format from its name: a spreadsheet unless it ends in .json. */
export const fileKindOf = (name: string): TemplateFileKind => (name.toLowerCase().endsWith('.json') ? 'json' : 'xlsx');
