/**
 * The app's server-side TypeScript (`$lib/server/…`) in this node process, loaded through
 * Vite's SSR module loader with the project's own config (as scripts/admin.js does): no build,
 * no HTTP server, no file watching. Used by the national-scale case to open databases, migrate
 * them and run the real report functions.
 */
import { createServer } from 'vite';
import { projectRoot } from './paths.js';

export async function loadAppModules() {
	const cwd = process.cwd();
	// SvelteKit takes the project root from the working directory.
	process.chdir(projectRoot);
	const vite = await createServer({
		logLevel: 'error',
		appType: 'custom',
		server: { middlewareMode: true, hmr: false, watch: null },
		optimizeDeps: { noDiscovery: true, include: [] }
	});
	process.chdir(cwd);
	const [db, reports, units, exports, templates] = await Promise.all([
		vite.ssrLoadModule('/src/lib/server/db/index.ts'),
		vite.ssrLoadModule('/src/lib/server/reports/index.ts'),
		vite.ssrLoadModule('/src/lib/units/units.ts'),
		vite.ssrLoadModule('/src/lib/server/exports/index.ts'),
		vite.ssrLoadModule('/src/lib/templates/index.ts')
	]);
	return { db, reports, units, exports, templates, load: (path) => vite.ssrLoadModule(path), close: () => vite.close() };
}
