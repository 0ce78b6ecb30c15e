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
 */
import { describe, expect, it } from 'vitest';
import { moduleInfo, staticClosure } from './module-graph';

const appStart = ['src/hooks.client.ts', 'src/routes/+layout.ts', 'src/routes/+layout.svelte'];
const record = ['src/routes/inspections/[id]/+layout.svelte'];

const pages: [name: string, files: string[]][] = [
	['sign-in', [...appStart, 'src/routes/login/+page.svelte']],
	['home', [...appStart, 'src/routes/+page.svelte']],
	['record', [...appStart, ...record, 'src/routes/inspections/[id]/+page.svelte']],
	['section', [...appStart, ...record, 'src/routes/inspections/[id]/sections/[sectionId]/+page.svelte']]
];

describe('the first paint of the inspector’s pages', () => {
	it.each(pages)('of the %s page loads no zod', (_name, files) => {
		const zod = staticClosure(files).get('npm:zod');
		expect(zod, zod && `zod reached through ${zod.join(' → ')}`).toBeUndefined();
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
