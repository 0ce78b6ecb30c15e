/**
 * Builds the benchmark browser bundles (browser/app-bench.js, pouch-bench.js, rxdb-bench.js) with
 * Vite into .bench/browser/ as self-contained IIFEs. The app bundle compiles the app's real
 * src/lib modules (via the `$lib` alias), so what is timed is the app's own code; it is
 * injected with page.evaluate, so the app itself carries no benchmark hook.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { projectRoot } from './paths.js';

async function bundle(entry, name, outDir) {
	await build({
		configFile: false,
		root: projectRoot,
		logLevel: 'error',
		resolve: { alias: { $lib: join(projectRoot, 'src/lib') } },
		define: { 'process.env.NODE_ENV': '"production"' },
		build: {
			outDir,
			emptyOutDir: false,
			// BENCH_NO_MINIFY=1 keeps names and lines readable in a profile of the pages.
			minify: !process.env.BENCH_NO_MINIFY,
			sourcemap: false,
			reportCompressedSize: false,
			lib: { entry: join(projectRoot, 'scripts/bench/browser', entry), formats: ['iife'], name, fileName: () => `${name}.js` }
		}
	});
	return readFileSync(join(outDir, `${name}.js`), 'utf8');
}

/** Returns the source text of the bundles, ready for page.evaluate. */
export async function buildBrowserBundles(outDir) {
	return {
		app: await bundle('app-bench.js', 'KtmcBenchBundle', outDir),
		pouch: await bundle('pouch-bench.js', 'PouchBenchBundle', outDir),
		rxdb: await bundle('rxdb-bench.js', 'RxdbBenchBundle', outDir)
	};
}
