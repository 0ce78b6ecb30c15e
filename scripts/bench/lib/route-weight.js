/**
 * First-load weight of a route, read from the build without a browser: the client entry
 * (start + app and their static imports), the route's layouts and its page, each with the
 * chunks SvelteKit lists as their static imports, plus their stylesheets — the files a first
 * visit must fetch before the page can show. Chunks reached only by dynamic `import()` are not
 * counted (they load when used), nor error pages. Each file counts once, at the size of the
 * precompressed `.gz` the server sends a gzip-only client.
 *
 * Used by the weight case of `npm run bench` and on its own, to compare two builds:
 *   node scripts/bench/lib/route-weight.js [buildDir]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The inspector's pages whose first load must not grow (issue 18, must-show 2). */
export const INSPECTOR_ROUTES = ['/', '/inspections/new', '/inspections/[id]', '/inspections/[id]/sections/[sectionId]'];

function serverManifest(buildDir) {
	const dir = join(buildDir, 'server', 'chunks');
	const name = readdirSync(dir).find((f) => /^manifest\.js-.*\.js$/.test(f));
	if (!name) throw new Error(`no server manifest in ${dir}: run npm run build`);
	return { dir, text: readFileSync(join(dir, name), 'utf8') };
}

function listed(text, name) {
	const found = text.match(new RegExp(`\\b${name}\\s*[:=]\\s*(\\[[^\\]]*\\])`));
	return found ? JSON.parse(found[1]) : [];
}

function nodeFiles(dir, text) {
	const files = [...text.matchAll(/import\('\.\/nodes\/([^']+)'\)/g)].map((m) => m[1]);
	return files.map((file) => {
		const source = readFileSync(join(dir, 'nodes', file), 'utf8');
		return [...listed(source, 'imports'), ...listed(source, 'stylesheets')];
	});
}

function routePages(text) {
	const pages = new Map();
	for (const m of text.matchAll(/id: "([^"]+)",[\s\S]*?page: \{ layouts: \[([^\]]*)\],[^}]*leaf: (\d+) \}/g)) {
		const numbers = (list) =>
			list
				.split(',')
				.filter((s) => s.trim() !== '')
				.map(Number);
		pages.set(m[1], [...numbers(m[2]), Number(m[3])]);
	}
	return pages;
}

function gzipSize(clientDir, file) {
	const path = join(clientDir, file);
	if (existsSync(`${path}.gz`)) return statSync(`${path}.gz`).size;
	return gzipSync(readFileSync(path), { level: 9 }).length;
}

/** @returns {{ route: string, gzip: number, js: number, css: number, files: number }[]} */
export function routeWeights(buildDir = 'build', routes = INSPECTOR_ROUTES) {
	const { dir, text } = serverManifest(buildDir);
	const client = text.match(/client: \{([\s\S]*?)\},\n/)?.[1] ?? '';
	const entry = [...listed(client, 'imports'), ...listed(client, 'stylesheets')];
	const nodes = nodeFiles(dir, text);
	const pages = routePages(text);
	const clientDir = join(buildDir, 'client');
	return routes.map((route) => {
		const chain = pages.get(route);
		if (!chain) throw new Error(`route ${route} is not a page in ${buildDir}`);
		const files = new Set([...entry, ...chain.flatMap((n) => nodes[n])]);
		const sizes = [...files].map((f) => ({ css: f.endsWith('.css'), bytes: gzipSize(clientDir, f) }));
		const sum = (css) => sizes.filter((s) => s.css === css).reduce((n, s) => n + s.bytes, 0);
		return { route, gzip: sum(false) + sum(true), js: sum(false), css: sum(true), files: files.size };
	});
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	for (const w of routeWeights(process.argv[2] ?? 'build'))
		console.log(`${w.route.padEnd(42)} ${String(w.gzip).padStart(8)} B gzip (JS ${w.js} + CSS ${w.css}, ${w.files} files)`);
}
