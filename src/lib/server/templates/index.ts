/**
 * Checklist templates as versioned data in the database (issue 15, migration 011): reads, the
 * pinned-version cache the sync handlers check records against, and the admins' changes.
 * Routes under /api/admin/templates and /api/templates stay thin around these.
 */
export { getVersion, pinnableTemplate, templateExists, forgetCachedTemplates } from './template-rows';
export { listVersions, listForDevice, deviceTemplatesTag, effectiveTemplateFor } from './template-lists';
export { getVersionFor, createDraft, saveImportedDraft, updateDraft, deleteDraft, publish, retire } from './template-changes';
