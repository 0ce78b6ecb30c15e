/*
 * The feedback point's page script (docs/feedback-point.md). The page works without it (the form
 * posts to the page itself); with it, an answer goes to POST /api/feedback/<token> as JSON with a
 * fresh random submissionId, is kept on the phone (outbox.js) until the server has it, and the
 * citizen reads honestly which it is: "Đã gửi" or "Sẽ gửi khi có mạng". The page itself is kept
 * for offline use by the point's own small service worker (sw.js), never the app's.
 */
(function () {
	'use strict';
	var form = document.querySelector('form[data-feedback-form]');
	var outbox = self.feedbackOutbox;
	if (!form || !outbox) return;

	var CACHE = 'feedback-point-v1';
	var SYNC_TAG = 'feedback-outbox';
	var FIRST_RETRY_MS = 5000;
	var MAX_RETRY_MS = 5 * 60 * 1000;
	var retryMs = FIRST_RETRY_MS;
	var timer = null;
	var flushing = null;

	function show(name) {
		var lines = form.querySelectorAll('[data-status]');
		for (var i = 0; i < lines.length; i++) lines[i].hidden = lines[i].getAttribute('data-status') !== name;
	}

	/** A version 4 UUID: random, so it says nothing about the phone or the moment. */
	function newId() {
		if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
		var b = crypto.getRandomValues(new Uint8Array(16));
		b[6] = (b[6] & 0x0f) | 0x40;
		b[8] = (b[8] & 0x3f) | 0x80;
		var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
		return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
	}

	/** The form's fields as the answer the server takes (the same reading as the page's action). */
	function answerOf() {
		var data = new FormData(form);
		var answers = {};
		var facts = {};
		data.forEach(function (value, name) {
			if (typeof value !== 'string' || value === '') return;
			var dot = name.indexOf('.');
			if (dot < 0) return;
			var kind = name.slice(0, dot);
			var id = name.slice(dot + 1);
			if (kind === 'scale') answers[id] = Number(value);
			else if (kind === 'yesno') answers[id] = value;
			else if (kind === 'text' && value.trim() !== '') answers[id] = value;
			else if (kind === 'fact') facts[id] = value;
		});
		return {
			submissionId: newId(),
			questionnaireId: data.get('questionnaireId'),
			questionnaireVersion: data.get('questionnaireVersion'),
			answers: answers,
			facts: facts
		};
	}

	function later(ms) {
		clearTimeout(timer);
		timer = setTimeout(send, ms);
	}

	function askBackgroundSync() {
		if (!navigator.serviceWorker) return;
		navigator.serviceWorker.ready
			.then(function (reg) { return reg.sync && reg.sync.register(SYNC_TAG); })
			.catch(function () {});
	}

	/** Sends what waits; one round at a time. Retries with back-off while anything still waits. */
	function send() {
		if (!flushing) {
			flushing = outbox.flush().then(
				function (result) {
					flushing = null;
					if (result.waiting.length > 0) {
						later(Math.max(retryMs, result.retryAfterMs));
						retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
						askBackgroundSync();
					} else retryMs = FIRST_RETRY_MS;
					return result;
				},
				function (error) {
					flushing = null;
					throw error;
				}
			);
		}
		return flushing;
	}

	form.addEventListener('submit', function (event) {
		event.preventDefault();
		var body = answerOf();
		if (Object.keys(body.answers).length === 0) return show('refused');
		show('sending');
		outbox
			.put({ id: body.submissionId, endpoint: form.getAttribute('data-endpoint'), body: body })
			.then(function () {
				// A round already under way did not see this answer: wait for it, then send again.
				return flushing ? flushing.then(send) : send();
			})
			.then(function (result) {
				var refused = result.refused.filter(function (r) { return r.id === body.submissionId; })[0];
				if (refused) return show(refused.status === 400 ? 'refused' : refused.status === 413 ? 'refused' : 'withdrawn');
				form.reset();
				show(result.sent.indexOf(body.submissionId) >= 0 ? 'sent' : 'waiting');
			})
			.catch(function () {
				show('waiting');
			});
	});

	// Answers kept from an earlier visit go out as soon as the page opens, and when the network returns.
	outbox.all().then(function (waiting) {
		if (waiting.length === 0) return;
		show('waiting');
		send().then(function (result) {
			if (result.waiting.length === 0 && result.sent.length > 0) show('sent');
		});
	});
	self.addEventListener('online', function () {
		retryMs = FIRST_RETRY_MS;
		send().then(function (result) {
			var waitingLine = form.querySelector('[data-status="waiting"]');
			if (result.waiting.length === 0 && waitingLine && !waitingLine.hidden) show('sent');
		});
	});

	// Keep this page (for this token) and what it needs, so it opens and answers with no network.
	if (navigator.serviceWorker) navigator.serviceWorker.register('/y/sw.js', { scope: '/y/' }).catch(function () {});
	if (self.caches) {
		var links = document.querySelectorAll('link[rel="stylesheet"]');
		var urls = [location.pathname, '/y/outbox.js', '/y/point.js'];
		for (var i = 0; i < links.length; i++) urls.push(links[i].href);
		caches
			.open(CACHE)
			.then(function (cache) {
				return cache
					.addAll(urls)
					.then(function () { return cache.keys(); })
					.then(function (keys) {
						// Stylesheets of earlier releases are dropped; pages of other points stay.
						var current = links.length ? Array.prototype.map.call(links, function (l) { return l.href; }) : [];
						return Promise.all(
							keys
								.filter(function (k) { return new URL(k.url).pathname.indexOf('/_app/immutable/') === 0 && current.indexOf(k.url) < 0; })
								.map(function (k) { return cache.delete(k); })
						);
					});
			})
			.catch(function () {});
	}
})();
