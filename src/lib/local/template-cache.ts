/**
 * The template versions this device keeps offline (issue 15). Every sync round stores what
 * GET /api/templates answers — the published and retired versions of the national templates and
 * of the account's province — so a record opened, scored, printed or started with no network is
 * read against the exact version it pinned. Versions are never removed here: a record on the
 * device may still pin one the server stopped listing (retired and then moved out of scope).
 *
 * Before anything has been fetched (first start offline, or tests) the template compiled into
 * the app, 2025.1, stands in: it is the content migration 011 moved into the server as version 1.
 * The compiled templates ($lib/templates, ~20 KB gzipped) are imported only when that happens,
 * so no page's first load carries them (issue 20).
 */
import type { Template } from '$lib/domain/template';
import { effectiveVersion, keyOf } from '$lib/domain/template-keys';
import type { TemplateVersion, TemplateVersionMeta } from '$lib/domain/template-versions';
import type { DeviceReads } from './device-reads';
import { keptInTransaction } from './dexie-transaction';

/**
 * The compiled templates, imported on first need. Callers may be inside a Dexie transaction (an
 * action checking its answer against the template): IndexedDB ends a transaction that waits on
 * anything else, so the import is awaited through `Dexie.waitFor`, which keeps it alive
 * (dexie-transaction.ts).
 */
const compiledTemplates = () => keptInTransaction(import('$lib/templates'));

/** The compiled template as a version, for a device that has not fetched any yet. */
async function compiledDefault(): Promise<TemplateVersion> {
	const { defaultTemplate } = await compiledTemplates();
	return {
		templateId: defaultTemplate.id,
		version: defaultTemplate.version,
		name: defaultTemplate.name,
		status: 'published',
		effectiveFrom: '2025-07-01',
		scopeProvinceCode: null,
		basedOn: null,
		publishedAt: null,
		retiredAt: null,
		createdBy: null,
		createdAt: '2025-07-01T00:00:00.000Z',
		updatedAt: '2025-07-01T00:00:00.000Z',
		template: defaultTemplate
	};
}

/**
 * Contents read so far, by key, for `loadedTemplate`. A stored row is the schema's own output:
 * `saveTemplateVersions`, its only writer, keeps what parses and stores the parse (defaults
 * filled), so a read takes it as it is — as every other table on the device is read — and a
 * page's first paint does not build the template schemas (issue 20: offline cold start).
 */
const parsed = new Map<string, Template>();

function contentOf(row: TemplateVersion): Template {
	const key = keyOf(row);
	const known = parsed.get(key);
	if (known) return known;
	parsed.set(key, row.template);
	return row.template;
}

/** The content a record pinned to (templateId, version) is read against; null when this device has no such version. */
export async function localTemplate(db: DeviceReads, templateId: string, version: string): Promise<Template | null> {
	const row = await db.templateVersions.get([templateId, version]);
	if (row) return contentOf(row);
	const compiled = (await compiledTemplates()).getTemplate(templateId, version) ?? null;
	if (compiled) parsed.set(keyOf({ templateId, version }), compiled);
	return compiled;
}

/**
 * The content `localTemplate` last read for (templateId, version), synchronously, as a plain
 * object (never a reactive proxy), the compiled one included; null when not read yet.
 */
export function loadedTemplate(templateId: string, version: string): Template | null {
	return parsed.get(keyOf({ templateId, version })) ?? null;
}

/** The versions on this device without their content, the compiled one included when it was not fetched. */
export async function localVersions(db: DeviceReads): Promise<TemplateVersionMeta[]> {
	const rows = await db.templateVersions.toArray();
	const compiled = await compiledDefault();
	const all: TemplateVersion[] = rows.some((r) => keyOf(r) === keyOf(compiled)) ? rows : [...rows, compiled];
	return all.map(({ template: _content, ...meta }) => meta);
}

/**
 * The template a new inspection in `provinceCode` takes on `date` (YYYY-MM-DD): the province's
 * own published version in effect over the national one (domain `effectiveVersion`); the
 * compiled default when this device knows of none in effect.
 */
export async function templateForNewInspection(db: DeviceReads, provinceCode: number, date: string): Promise<Template> {
	const chosen = effectiveVersion(await localVersions(db), provinceCode, date);
	const found = chosen && (await localTemplate(db, chosen.templateId, chosen.version));
	return found || (await compiledTemplates()).defaultTemplate;
}

/** Between tests: parsed contents are forgotten. */
export function resetTemplateCache(): void {
	parsed.clear();
}
