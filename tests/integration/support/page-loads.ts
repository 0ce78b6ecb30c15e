/**
 * Every server load the app has: each `+page.server.ts` and `+layout.server.ts` under src/routes
 * that exports `load`, found the way support/routes.ts finds endpoints, so a test generated from
 * this list covers a new page without an edit.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const routesDir = join(process.cwd(), 'src', 'routes');
const serverLoadFiles = ['+page.server.ts', '+page.server.js', '+layout.server.ts', '+layout.server.js'];

export type ServerLoad = (event: never) => unknown;

export interface PageLoad {
	/** 'PAGE /verify/[id]' or 'LAYOUT /admin': what a test reports. */
	key: string;
	routeId: string;
	params: string[];
	load: ServerLoad;
}

function files(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return files(path);
		return serverLoadFiles.includes(entry.name) ? [path] : [];
	});
}

/** All server loads, sorted by key. Imports every file (as the server would). */
export async function discoverPageLoads(): Promise<PageLoad[]> {
	const loads: PageLoad[] = [];
	for (const file of files(routesDir)) {
		const module = (await import(/* @vite-ignore */ file)) as { load?: unknown };
		if (typeof module.load !== 'function') continue;
		const folder = relative(routesDir, join(file, '..'));
		const routeId = `/${folder.split(sep).join('/')}`.replace(/\/$/, '') || '/';
		const params = [...routeId.matchAll(/\[(?:\.\.\.)?(\w+)(?:=\w+)?\]/g)].map((m) => m[1]!);
		const kind = file.includes('+layout.') ? 'LAYOUT' : 'PAGE';
		loads.push({ key: `${kind} ${routeId}`, routeId, params, load: module.load as ServerLoad });
	}
	return loads.sort((a, b) => a.key.localeCompare(b.key));
}

/** The server load files that exist, loads or not: a test checks it found each one's `load`. */
export function serverLoadFilesFound(): string[] {
	return files(routesDir).map((file) => relative(routesDir, file));
}
