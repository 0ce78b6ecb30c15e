/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell so the app opens offline after one visit, and
 * answers every in-app navigation (including a reload on a deep link in the middle of an
 * inspection) with the cached shell; the client router then renders the page from IndexedDB.
 *
 * Updates: installs the new version in the background and waits; it activates only when the
 * page sends SKIP_WAITING after the user chose to reload (see lib/local/pwa.svelte.ts).
 */
import '$lib/zod-jitless'; // first: before the sync engine's schemas are built
import { build, files, prerendered, version } from '$service-worker';
import { cleanupOutdatedCaches, PrecacheController, PrecacheRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { networkOnlyPaths, precacheEntries, SHELL_URL } from './service-worker/precache-list';
import { backgroundSync, SYNC_TAG } from './service-worker/background-sync';
import { warmPrecache } from './service-worker/precache-warm';

const sw = self as unknown as ServiceWorkerGlobalScope;

// Workbox's precache, with its install preceded by one that fetches several files at a time
// (precache-warm.ts); otherwise what precacheAndRoute sets up.
const precache = new PrecacheController();
precache.addToCacheList(precacheEntries(build, files, prerendered, version));
sw.addEventListener('install', (event) => event.waitUntil(installPrecache(event)));
sw.addEventListener('activate', (event) => void precache.activate(event));
registerRoute(new PrecacheRoute(precache));
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(precache.createHandlerBoundToURL(SHELL_URL), { denylist: networkOnlyPaths }));

async function installPrecache(event: ExtendableEvent) {
	const cache = await caches.open(precache.strategy.cacheName);
	await warmPrecache(
		cache,
		[...precache.getURLsToCacheKeys()].map(([url, cacheKey]) => ({ url, cacheKey }))
	);
	await precache.install(event);
}

sw.addEventListener('message', (event) => {
	if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

// The first install takes control of the open page right away, so the app works offline
// without a reload. Later versions only activate through SKIP_WAITING above.
sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));

// A failed round rejects, so the browser retries the sync later with its own back-off.
sw.addEventListener('sync', ((event: Event & { tag: string; waitUntil(p: Promise<unknown>): void }) => {
	if (event.tag === SYNC_TAG) event.waitUntil(backgroundSync(sw));
}) as EventListener);
