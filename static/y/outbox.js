/*
 * The feedback point's outbox (docs/feedback-point.md): answers a citizen gave on the public page
 * (/y/<token>), kept on the phone in IndexedDB until the server has them. Shared by the page
 * (point.js) and the point's service worker (sw.js, importScripts), so either can send them:
 * the page on load, on `online` and with back-off; the worker on Background Sync where the
 * browser has it. Each answer carries its random submissionId, so a resend is stored once.
 *
 * Plain script on purpose: the public page loads none of the app's code, only this and point.js.
 */
(function (scope) {
	'use strict';
	var DB_NAME = 'feedback-point';
	var STORE = 'outbox';
	/** Kept in memory when IndexedDB is not there (some private modes): sent while the page is open. */
	var memory = new Map();
	var opening = null;

	function request(r) {
		return new Promise(function (resolve, reject) {
			r.onsuccess = function () { resolve(r.result); };
			r.onerror = function () { reject(r.error); };
		});
	}

	function db() {
		if (!opening) {
			opening = new Promise(function (resolve, reject) {
				if (!scope.indexedDB) return reject(new Error('no IndexedDB'));
				var open = scope.indexedDB.open(DB_NAME, 1);
				open.onupgradeneeded = function () { open.result.createObjectStore(STORE, { keyPath: 'id' }); };
				open.onsuccess = function () { resolve(open.result); };
				open.onerror = function () { reject(open.error); };
			}).catch(function () { return null; });
		}
		return opening;
	}

	async function store(mode) {
		var d = await db();
		return d ? d.transaction(STORE, mode).objectStore(STORE) : null;
	}

	async function put(entry) {
		var s = await store('readwrite');
		if (s) await request(s.put(entry));
		else memory.set(entry.id, entry);
	}

	async function all() {
		var s = await store('readonly');
		return s ? await request(s.getAll()) : Array.from(memory.values());
	}

	async function remove(id) {
		var s = await store('readwrite');
		if (s) await request(s.delete(id));
		memory.delete(id);
	}

	/**
	 * Sends every waiting answer once. A 2xx (stored, or already stored) or a refusal that will never
	 * change (400, 404, 410, 413) takes the answer off the phone; no network, 429 or a 5xx leaves it
	 * waiting (`retryAfterMs`: what the server asked for, if it did).
	 */
	async function flush() {
		var result = { sent: [], refused: [], waiting: [], retryAfterMs: 0 };
		var entries = await all();
		for (var i = 0; i < entries.length; i++) {
			var e = entries[i];
			var res;
			try {
				res = await fetch(e.endpoint, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(e.body),
					credentials: 'omit',
					cache: 'no-store'
				});
			} catch (_) {
				// No network: the rest wait too.
				for (var j = i; j < entries.length; j++) result.waiting.push(entries[j].id);
				return result;
			}
			if (res.ok) {
				await remove(e.id);
				result.sent.push(e.id);
			} else if (res.status === 429 || res.status === 408 || res.status >= 500) {
				result.waiting.push(e.id);
				var after = Number(res.headers.get('retry-after'));
				if (after > 0) result.retryAfterMs = Math.max(result.retryAfterMs, after * 1000);
			} else {
				await remove(e.id);
				result.refused.push({ id: e.id, status: res.status });
			}
		}
		return result;
	}

	scope.feedbackOutbox = { put: put, all: all, remove: remove, flush: flush };
})(self);
