/**
 * Issue 20 (offline cold start ≤ 1 s at 4× CPU throttling, first load ≤ 100 KB): the pages an
 * inspector opens first paint without zod. Building the shared schemas was half the time to the
 * first item, so they load where data is validated — an action, a sync round, a sign-in — through
 * `import()`. This reads the static import graph from source, so an import that brings the
 * schemas back into a first paint fails here, naming the chain, before any benchmark runs.
 *
 * And the service worker, a classic script, cannot load a module on demand: Vite's preload helper
 * for `import()` uses `import.meta`, a syntax error there, and the worker then fails to install.
 * Modules it bundles import everything statically.
 *
 * Nor Dexie, a third of a page's first load: the first paint reads IndexedDB directly
 * (src/lib/local/raw-reads.ts) and Dexie loads after it, for live reads and every write. A static
 * import of `dexie`, or of a module that imports it (app-db.ts, outbox.ts, the actions), fails here.
 */
import { describe, expect, it } from 'vitest';
import { moduleInfo, staticClosure } from './module-graph';

const appStart = ['src/hooks.client.ts', 'src/routes/+layout.ts', 'src/routes/+layout.svelte'];
const record = ['src/routes/inspections/[id]/+layout.svelte'];

/** The inspector's four pages (scripts/bench/lib/route-weight.js INSPECTOR_ROUTES). */
const inspectorPages: [name: string, files: string[]][] = [
	['home', [...appStart, 'src/routes/+page.svelte']],
	['new inspection', [...appStart, 'src/routes/inspections/new/+page.svelte']],
	['record', [...appStart, ...record, 'src/routes/inspections/[id]/+page.svelte']],
	['section', [...appStart, ...record, 'src/routes/inspections/[id]/sections/[sectionId]/+page.svelte']]
];
const pages: [name: string, files: string[]][] = [['sign-in', [...appStart, 'src/routes/login/+page.svelte']], ...inspectorPages];

/** Where the static import graph of `files` first reaches the package, if it does. */
const reach = (files: string[], pkg: string) => {
	const chain = staticClosure(files).get(`npm:${pkg}`);
	return chain && `${pkg} reached through ${chain.join(' → ')}`;
};

describe('the first paint of the inspector’s pages', () => {
	it.each(pages)('of the %s page loads no zod', (_name, files) => {
		expect(reach(files, 'zod')).toBeUndefined();
	});

	it.each(inspectorPages)('of the %s page loads no Dexie', (_name, files) => {
		expect(reach(files, 'dexie')).toBeUndefined();
	});
});

describe('the service worker', () => {
	it('bundles only modules that import statically', () => {
		const onDemand = [...staticClosure(['src/service-worker.ts']).entries()]
			.filter(([file]) => !file.startsWith('npm:'))
			.filter(([file]) => moduleInfo(file).dynamic.length > 0)
			.map(([file, chain]) => `${chain.join(' → ')}: import(${moduleInfo(file).dynamic.join(', ')})`);
		expect(onDemand).toEqual([]);
	});
});
