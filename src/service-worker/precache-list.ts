/** What the service worker precaches: the app shell, every built asset and static file. */

export interface PrecacheEntry {
	url: string;
	revision: string | null;
}

/**
 * The app shell: the server-rendered (ssr = false) page at '/', fetched from the server rather
 * than prerendered so that it carries the server's security headers (CSP with frame-ancestors,
 * which a <meta> tag cannot set); the cache keeps those headers.
 */
export const SHELL_URL = '/';

/**
 * Built assets carry a content hash in their name (revision null); the shell and static files
 * change without renaming, so they are revisioned by the build version.
 */
export function precacheEntries(build: string[], files: string[], prerendered: string[], version: string): PrecacheEntry[] {
	const skip = (url: string) => url.endsWith('/.DS_Store') || url.endsWith('.map');
	return [
		...build.filter((u) => !skip(u)).map((url) => ({ url, revision: null })),
		...files.filter((u) => !skip(u)).map((url) => ({ url, revision: version })),
		...[SHELL_URL, ...prerendered.filter((u) => u !== SHELL_URL)].map((url) => ({ url, revision: version }))
	];
}

/**
 * Navigations that must reach the network (APIs, server-rendered public pages). The feedback
 * point's page (/y/…) has its own small service worker for offline use (static/y/sw.js).
 */
export const networkOnlyPaths = [/^\/api\//, /^\/verify\//, /^\/y\//];
