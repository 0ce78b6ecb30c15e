/**
 * Fills the precache several files at a time, before Workbox's own install goes over it.
 *
 * Workbox installs its precache one file after another (its issue 2528: hundreds of requests at
 * once failed on some browsers). The app precaches about 280 files, so a phone on 3G waited a
 * round trip per file — minutes on a first visit — before the app worked offline, and every new
 * browser in the tests waited 2–5 s on two busy cores. Here they go WARM_CONCURRENCY at a time, as a
 * browser loads a page's files. Workbox's install then runs as before and fetches only what it does
 * not find: it stays the authority, so a file not warmed here (a network error, a redirect, any
 * status but 200) is fetched and checked by it, and fails the install as it always did.
 */

/** Files fetched at once: what a browser opens to one server for a page's own files. */
export const WARM_CONCURRENCY = 6;

/** One precached file: where it is fetched from and the key Workbox keeps it under. */
export interface WarmTarget {
	url: string;
	cacheKey: string;
}

type FetchFile = (url: string, init: RequestInit) => Promise<Response>;

/** Puts every target not cached yet into `cache`; returns how many it put. Never throws. */
export async function warmPrecache(cache: Cache, targets: WarmTarget[], fetchFile: FetchFile = fetch): Promise<number> {
	const queue = [...targets];
	let warmed = 0;
	const worker = async () => {
		for (let next = queue.shift(); next; next = queue.shift()) {
			try {
				if (await cache.match(next.cacheKey)) continue;
				// A file with a revision in its key changes without being renamed: fetched past the
				// HTTP cache, as Workbox fetches it.
				const response = await fetchFile(next.url, {
					credentials: 'same-origin',
					cache: next.cacheKey === next.url ? 'default' : 'reload'
				});
				if (response.status !== 200 || response.redirected) continue;
				await cache.put(next.cacheKey, response);
				warmed++;
			} catch {
				// Left to Workbox's install, which fetches the file again and reports what fails.
			}
		}
	};
	await Promise.all(Array.from({ length: WARM_CONCURRENCY }, worker));
	return warmed;
}
