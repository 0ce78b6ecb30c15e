/*
 * The feedback point's own service worker, scope /y/ (docs/feedback-point.md). A citizen's phone
 * gets this one alone, not the app's (which precaches megabytes of the inspection app): the public
 * page, its stylesheet and its two small scripts are answered from the network when there is one
 * and from the phone's copy when not, and answers kept offline are sent on Background Sync.
 */
/* global importScripts */
importScripts('/y/outbox.js');

var CACHE = 'feedback-point-v1';
var SYNC_TAG = 'feedback-outbox';

self.addEventListener('install', function (event) {
	self.skipWaiting();
	event.waitUntil(
		caches.open(CACHE).then(function (cache) {
			return cache.addAll(['/y/outbox.js', '/y/point.js']);
		})
	);
});

self.addEventListener('activate', function (event) {
	event.waitUntil(self.clients.claim());
});

/** Network first; a page for a withdrawn or unknown token is dropped from the copy, never served from it. */
async function networkFirst(request) {
	var cache = await caches.open(CACHE);
	try {
		var response = await fetch(request);
		if (response.ok) await cache.put(request, response.clone());
		else if (response.status === 404 || response.status === 410) await cache.delete(request, { ignoreSearch: true });
		return response;
	} catch (error) {
		var kept = await cache.match(request, { ignoreSearch: true });
		if (kept) return kept;
		throw error;
	}
}

self.addEventListener('fetch', function (event) {
	var request = event.request;
	if (request.method !== 'GET') return;
	var url = new URL(request.url);
	if (url.origin !== self.location.origin) return;
	if (url.pathname.indexOf('/y/') !== 0 && url.pathname.indexOf('/_app/immutable/') !== 0) return;
	event.respondWith(networkFirst(request));
});

self.addEventListener('sync', function (event) {
	if (event.tag !== SYNC_TAG) return;
	// A round that leaves answers waiting fails, so the browser tries again later with its own back-off.
	event.waitUntil(
		self.feedbackOutbox.flush().then(function (result) {
			if (result.waiting.length > 0) throw new Error('answers still waiting');
		})
	);
});
