/**
 * The prose of BENCHMARKS.md: how each figure is measured, and — from this run's own numbers —
 * where the time goes, above all for a figure that misses its target.
 */
import { num } from './stats.js';

export const method = [
	[
		'1',
		"Weight — a fresh Chromium context (empty cache; service workers blocked so the precache download is not counted) is signed in through the API, given the template versions the server lists (the app's own sync step, as after signing in) and an inspection through the app's own actions from a JSON page, so no app asset is loaded before the measured visit. It then opens a section page and waits for the first item and a quiet network (no request in flight for 1 s, counted by the script: the app's start-up chores — sync, service worker registration — begin after the first paint, when Chromium's one-shot 'networkidle' has already passed). Every script and stylesheet the page requested is counted at its gzip size as the server sends it to a gzip-only client (its precompressed `.gz`); the bytes Chromium itself received (brotli) are shown beside it. The first load is what was requested before the page was ready — its load event and its first item card in the DOM (an init script's MutationObserver), whichever is later, against each request's start time; what was requested after it, until the network was quiet, is reported apart."
	],
	[
		'2',
		"Offline cold start — an inspection of the default template with 5 officers has exactly 120 answer slots in sections A–D (30 shared items + 18 per-officer items × 5), all answered through the app's actions, on a device holding the template versions the server lists (stored by the app's own sync step first); its section D page (13 items × 5 officers = 65 slots, the largest page; every section page reads and scores the whole 120-slot record) is opened once online so the service worker installs (phone-sized viewport, 412 × 915). Each run relaunches Chromium on that profile (service worker, caches and IndexedDB kept; nothing in memory), goes offline (checked: the never-cached health endpoint is unreachable and the page is controlled), sets CDP `Emulation.setCPUThrottlingRate`, navigates, and an init script records when the first item card is laid out and visible and then the next painted frame. Time is from navigation start. One warm-up relaunch is not counted. With `BENCH_COLD_TRACE=dir`, one more 4× run, not counted, is traced (Chromium trace with the V8 sampler, written to dir) and the self time per script from navigation to the first item is logged."
	],
	[
		'3',
		"Autosave — 5,000 submitted inspections (3 officers and 80 answers each: 400,000 answer rows) are bulk-written through the app's Dexie schema into the signed-in user's database; the section page of a new draft is open in the app, offline. The app's real `answerItem` (compiled from src/lib by the benchmark bundle) is called in that page and timed from the call to its promise resolving — Dexie resolves it only after the read-write transaction holding the answer row, the outbox entry, the seq counter and the record's `updatedAt` has committed with strict durability — and each call is checked (row and entry present). Answers are paced like taps: the page settles (a frame, then idle) before the next, while the app's live query re-reads and re-renders the record after each save. Back-to-back answers and a click on the UI until the button shows as chosen are reported beside it."
	],
	[
		'4',
		"Sync throughput — N inspections × (create + 3 officers + 80 answers) are made once in node as the outbox would hold them (mutations in seq order, shared schema; ids and mutation ids UUIDv7 minted at the record's time, as the app mints them) and loaded in bulk into browser client A's IndexedDB (not timed: the inspector made them over days). Timed: the app's real `pushOutbox` (HTTP transport, batches of 500) until the outbox is empty, then in a second browser context of the same user the real `pullChanges` (pages of up to 2,000 changes and about 1 MB) until the last page is stored; both checked complete. On SQLite and PostgreSQL, each a fresh server. Warm-up, the same for all three systems: 10 more inspections are made with the workload and come first, pushed from client A and pulled into client B untimed, so each server process and both pages have run their sync code once (a server in service is warm); the timed round is then the next sync of two devices that have synced before — A sends the N new inspections, B receives exactly those (ours from its cursor, PouchDB and RxDB from their checkpoints). PouchDB: the same records as one document each (inspection, officer, answer) in pouchdb-browser (IndexedDB) in one context, `PouchDB.replicate` to pouchdb-server (LevelDB) and then into a second PouchDB in another context, PouchDB's default settings, all in the same run. RxDB: the same documents (PouchDB's `_id` as `id`) in RxDB 17.6.0 with its Dexie storage (IndexedDB) in one context, replicated with RxDB's HTTP replication (`replicateRxCollection`, not live, push handler over fetch, batches of 500 like ours) to a Node endpoint (scripts/bench/rxdb/endpoint.js: RxDB on Node, its memory storage; a push reads the master documents in one call, answers conflicts and writes the rest in one bulk upsert; a pull answers `getChangedDocumentsSince`, RxDB's own checkpoint order), then pulled (pages of 2,000 like ours) into a second RxDB in another context; checked complete on the endpoint and in the second client. The ratios are PouchDB's and RxDB's push + pull time over ours (targets: ≥ 5× PouchDB, ahead of RxDB). The default N keeps the whole benchmark within 10 minutes on 2 cores; `--full` runs the issue's 1,000 inspections as well, as rows of their own, each size on fresh servers."
	],
	[
		'5',
		"Server capacity — against `POST /api/sync/push`, 50 then 200 clients, 10 s each after a short warm-up, one inspector's session cookie, the load generated in this process. Each request is a new device's first push: a fresh clientId and 5 mutations (create + 4 answers) with fresh ids (UUIDv7, time-ordered, as the app mints them), so every push is applied in full (one is checked by hand first). The load generator shares the 2 cores with the server (and PostgreSQL); the offered rows log its CPU per push. More than one machine (issue 21, must-show 4): the PostgreSQL database is then served by 2 and then 4 instances of the built app (the first server and others started beside it, each its own process and connection pool), the same 50 and 200 clients spread evenly over them, as a reverse proxy would spread devices; the figures are over every answer of every instance. All of it — the instances, PostgreSQL and the load generator — runs on the same 2 cores, so here more instances add no CPU, only processes competing for it: the rows show what sharing the database costs and that nothing breaks (sessions and the change sequence shared through PostgreSQL), not what 4 machines would do. Two readings per setting. The offered-load rows (the target rows) offer 500 pushes/s in total over 50 and over 200 clients (scripts/bench/lib/open-loop.js): every client has one keep-alive connection on a bare socket (node:net; every request's bytes made before the clock starts, so the generator spends about 0.1–0.2 ms of CPU a push on the shared cores, where node:http spent 0.4–0.6), opened before the clock starts, and pushes arriving at random instants (exactly 500 × 10 in all, each client's at uniformly random times of the run: a Poisson process at its share of the rate); a push that arrives while its client still waits for an answer queues behind it, as a phone's outbox does, and its latency runs from the instant it arrived, so a server that falls behind shows it in full. The rate answered is every answer over the time to the last one. Until 2026-12-07 these rows used autocannon's `overallRate` (in 10 slices started 0.1 s apart), which sends each connection's share of a second back to back at that second's start and times each push from its sending: the waiting before it was never counted, and bursts let the server fold many pushes into one transaction; earlier figures in the table are not comparable with these. The closed-loop rows (autocannon: every connection sends again as soon as it is answered, no think time) give the machine's ceiling, their latency mostly queueing, and are judged by the same target on one server per database, the stricter reading (200 clients at p99 ≤ 250 ms in a closed loop need ≥ 800 pushes/s by Little's law). The offered rows' latency is over every push; the closed-loop rows' over the pushes sent after the run's first second, when autocannon opens all its connections at once, with the whole run's p99 beside it."
	],
	[
		'6',
		"National scale — the 3,321 communes of the bundled official list × 24 inspections (two a month over two years, ~3 findings per reported record) are inserted through Kysely into a fresh, migrated database on each engine, and the open findings per commune (migration 025), which the bulk load bypassed, are counted once (not timed in the figures); statistics are refreshed (ANALYZE, VACUUM ANALYZE on PostgreSQL). The functions in src/lib/server/reports are then timed in node as a route would call them, for the largest province: the main list (page 1 and the last page of 50), the quarterly compliance report per commune, the overdue-findings list, and the national roll-up per province. Two warm-up calls, then timed calls. Periodic report (issue 18, must-show 7): after the records of the last whole calendar year are completed (124 answers each, see the exports below) and the largest province's record summaries are written once (bulk-loaded records have none; timed apart), `buildPeriodReport` is timed as that province's supervisor would call `GET /api/reports`: the province for the last full quarter and for the year, and one commune for the quarter; each call also reads the previous period and two more for the trend. Exports (issue 18): every record of the last whole calendar year (~40,000) is first completed as the demo inspection leaves it — each of the 52 items of template mac-dinh 2025.1 answered, the 18 per-officer items for each of five officers: 124 answers a record, ~4.9 million rows, plus the five officers — and summarised as the submit and review handlers would have (timed apart); statistics are refreshed again. Then each export of that year is read to its end through src/lib/server/exports as a national admin (no province, no unit), the way a browser reads the streamed HTTP body; one run each. Beside the wall time: the CPU time of the node process (all its threads: XLSX deflates on zlib's worker threads; PostgreSQL's own work is in its server processes, not counted), and memory: the heap after a forced full GC (`node --expose-gc`) before, every 2 s while streaming (each sample's collection is inside the timed span) and after, and the resident set every 100 ms."
	],
	[
		'7',
		"Photo pipeline — a 4000 × 3000 JPEG (a drawn street scene with sensor-like noise, `toBlob('image/jpeg', 0.92)`) is given to the app's photo input with Playwright's `setInputFiles`, offline. The app compresses it in its worker (decode, resize to ≤ 1600 px, JPEG, SHA-256), checks storage room, stores row + bytes + outbox entry in one transaction, and shows the thumbnail. Timed in the page from the input's change event to the thumbnail in the DOM; the first run (worker start-up) is not counted. Output size from the stored photo row."
	],
	[
		'8',
		"One record, several phones (issue 17) — the demo visit: Phường Hoàn Kiếm, planned by the province's supervisor through the API with its team's accounts (a third and a fourth inspector are made by the admin in the benchmark's own database), the template in effect (2027.1, sections A–E), five counter officers; a server of its own. Every phone is a Chromium context with touch (412 × 915), signed in through the API, doing its work through the app's real screens with Playwright's `tap()` and keyboard; each step waits for what a person waits for (the answer shown chosen, a figure counted answered, the page shown, the part sent). Taps and keys are counted by the driver and, independently, in the page (trusted `pointerdown`s, inserted characters, named keys such as Enter); the run fails if the two differ. Scrolling is not counted; a key is a character (a Telex keyboard takes more presses for some Vietnamese letters). Answers: Đạt on pass/fail items (a section's pass/fail items at once with \"Tất cả mục còn lại trong phần này: Đạt\" and its confirmation, issue 20; the one phone is also run without it, one tap per slot, a grid cell per officer), counts 10/10, samples all passed at the template's size (tap, type, Enter). One phone: the trưởng đoàn starts the planned visit from \"my visits\", adds the five officers (name typed, + Thêm công chức), answers A to E in order with the bottom bar, goes back to the record and opens the sign page. Team: the trưởng đoàn starts the visit and answers A and E; member B opens the app (the record reaches the phone by the app's own sync on start; measured), opens the record, takes B in the team panel, answers it, goes back and hands in (\"Nộp phần việc của tôi\"), and waits until the phone has sent it; member C+D likewise with C and D, adding the five officers first (both sections are per officer); then the trưởng đoàn goes home, taps \"Đồng bộ ngay\", opens the record and its sign page. The trưởng đoàn, who may write anywhere, takes no section. The targets are read on the issue's trưởng đoàn with three colleagues, D / A+E / B / C: the trưởng đoàn starts the visit, names the five officers and answers D; three members take A+E, B and C (C's holder begins once the officers have reached the phone), answer and hand in. With two members only, the most even split by whole sections, A+E / C / B+D: member C opens the record, takes C, names the five officers and answers C; member B+D takes B and D, answers B, goes back and answers D (the officers are named long before, by the model's clock); both hand in. The issue's split is run beside it. Before the button the second split was A+B+E / C / D (the trưởng đoàn naming the officers before answering). Finishable: the sign page's only reason not to finish is the missing signatures — every slot answered, no part outstanding, no conflict open (the conflicts in the trưởng đoàn's IndexedDB are counted too). Time is modelled: a person's time = taps × 12 s + keys × 0.6 s + the app's own time, the measured wall time of their scripted steps less the driver's pauses (400 ms between a tap on a field and its first key: Chromium drops keys sent sooner after a touch, as a phone's keyboard is not there yet). 12 s a tap is the issue's own estimate (25–35 minutes for about 154 taps) and covers reading and checking the item; the ratio is also given at 3 s a tap. One phone: from its first answer to finishable. Team: the phones work side by side from the moment the record is started; a member's first answer comes after opening the app (measured), their setup taps (modelled) and, in the even split, the trưởng đoàn's naming of the officers (modelled); the team's time is the latest done (a member's part sent, the trưởng đoàn's last answer) less the earliest first answer, plus the tail (the trưởng đoàn's sync and sign page). The phones run one after another on the machine, each timed on its own steps as on its own phone."
	],
	[
		'10',
		"Offline-ready after a first visit — a fresh Chromium context opens the sign-in page and the time runs until the app's service worker controls the page with its whole precache stored (`navigator.serviceWorker.ready` and a controller), so the app would open and work with no network; three runs on the loopback, then three through a proxy in this process that holds every whole answer 150 ms before passing it on, as a slow mobile link's round trip does. Since 2026-12-07 the worker fetches its ~280 files six at a time before Workbox's own install (which fetches them one by one) goes over them (src/service-worker/precache-warm.ts)."
	],
	[
		'9',
		"Lighthouse (mobile) — Lighthouse 12.2.3 (pinned exactly: 13 needs Node 22) with its default mobile settings (Moto G Power screen, simulated slow 4G and 4× CPU slowdown) and only the performance, accessibility and best-practices categories, driving Debian's Chromium launched headless by chrome-launcher with the benchmarks' flags on a profile of its own. Signing in: Playwright connects to that Chromium over CDP, signs the inspector in through the API (the session cookie stays in the profile), stores the user as the app does from a JSON page, stores the template versions the server lists (the app's own sync step) and makes a record with five officers through the app's own actions; Lighthouse runs with `disableStorageReset` so it keeps them. Before every run the service worker is unregistered and Cache Storage and the HTTP cache are emptied, so each run is a signed-in inspector's first load of the app's files (nothing cached: the hardest case, not an offline start from the precache). The sign-in page is measured signed out. Three runs per page; each score is the median of the three (spread in brackets), and the audits listed are those that scored below 0.9 in the run with the median performance score."
	]
];

/** This run's figures next to the published ones the project set out to beat (shared/SYNC.md). */
export function published(sections) {
	const get = (key) => sections.find((s) => s.key === key)?.results;
	const out = [];
	const sync = get('4');
	if (sync?.pouchdb)
		out.push(
			`PouchDB initial replication of 10,000 docs: 33–64 s against a local CouchDB (published). Here PouchDB moved ${sync.pouchdb.docs.toLocaleString('en-US')} documents to pouchdb-server in ${num(sync.pouchdb.pushMs / 1000)} s and into a fresh client in ${num(sync.pouchdb.pullMs / 1000)} s; our pull of the same records took ${num((sync.sqlite?.pullMs ?? NaN) / 1000)} s (SQLite).`
		);
	if (sync?.rxdb)
		out.push(
			`RxDB (no published figure for this workload; measured here): ${sync.rxdb.docs.toLocaleString('en-US')} documents pushed from its Dexie storage in ${num(sync.rxdb.pushMs / 1000)} s and pulled into a fresh client in ${num(sync.rxdb.pullMs / 1000)} s over its HTTP replication.`
		);
	if (sync?.sqlite)
		out.push(
			`PowerSync: 2,000–20,000 ops/s per client download (published). Our pull: ${num((sync.sqlite.pulled / sync.sqlite.pullMs) * 1000)} changes/s on SQLite${sync.postgres ? `, ${num((sync.postgres.pulled / sync.postgres.pullMs) * 1000)} on PostgreSQL` : ''}, each applied to IndexedDB by the real engine.`
		);
	const autosave = get('3');
	if (autosave)
		out.push(
			`IndexedDB: ~2 s for 1,000 docs at one transaction per doc, i.e. ~2 ms each (published). Our autosave is one transaction per answer touching four stores with strict durability: median ${num(autosave.perRun.flat().sort((a, b) => a - b)[Math.floor(autosave.perRun.flat().length / 2)])} ms.`
		);
	const cold = sections.find((s) => s.key === '2');
	if (cold?.rows.length)
		out.push(
			`Enketo: 0.5–4.4 s to render large forms; CHT: 5–12 s to load action forms (published). Our offline cold start to the first item: ${cold.rows.map((r) => `${r.value.split(' (')[0]} ${r.label.includes('4×') ? 'at 4× throttling' : 'unthrottled'}`).join(', ')}.`
		);
	return out;
}

/** Notes for BENCHMARKS.md, from this run's results. */
export function explain(key, section, extra = {}) {
	const notes = [];
	const r = section.results;
	if (!r) return notes;
	if (key === '2') {
		for (const [rate, runs] of Object.entries(r)) {
			const p = section.rows.find((row) => row.phases && row.label.includes(rate === '1' ? 'unthrottled' : `${rate}×`))?.phases;
			if (!p) continue;
			notes.push(
				`${rate === '1' ? 'Unthrottled' : `${rate}× throttled`} (medians): the service worker answers the navigation with the app shell at ${num(p.shell)} ms; ` +
					`the ${Math.round(p.assets)} JS/CSS files the page needs are all in from the worker's cache by ${num(p.assetsEnd)} ms (the route's own chunks are only requested once the app has started — a second round of module loads); ` +
					`the rest, ${num(p.seen - p.assetsEnd)} ms, is the app starting, opening IndexedDB, reading and scoring the 120-slot record and rendering 65 answer slots; painted ${num(p.painted - p.seen)} ms later. ` +
					`A fixed busy loop took ${num(p.loopMs)} ms in these runs (${runs.length} runs).`
			);
		}
		const throttled = section.rows.find((row) => row.label.includes('4×'));
		if (throttled?.verdict === 'missed')
			notes.push(
				"What would cut it: preloading the section route's chunks from the shell (one wave of module loads instead of two), fewer and larger chunks (each module is a separate service-worker fetch), and rendering the visible section before scoring the whole record."
			);
	}
	if (key === '3') {
		const row = section.rows[0];
		if (row?.verdict === 'missed')
			notes.push(
				"The transaction itself is a few small reads and writes; what stretches it is the main thread: the app's live query re-reads the whole record and Svelte re-renders the section after every save, and the next save's IndexedDB callbacks wait behind that work (compare the back-to-back row)."
			);
		notes.push(
			`Seeding ${r.seeded.inspections.toLocaleString('en-US')} inspections and ${r.seeded.answers.toLocaleString('en-US')} answers is not timed here; the figure is per answer.`
		);
	}
	if (key === '4') {
		const pct = (x) => `${Math.round((x ?? 0) * 100)} %`;
		if (r.sqlite) {
			const waiting = (x) =>
				x.pushWaitMs ? ` (${num(x.pushWaitMs / 1000)} s of its ${num(x.pushMs / 1000)} s waiting for the server's answers)` : '';
			notes.push(
				`Push is the slow half: ${num(r.sqlite.pushMs / r.sqlite.mutations)} ms per mutation on SQLite end to end${waiting(r.sqlite)}${r.postgres ? `, ${num(r.postgres.pushMs / r.postgres.mutations)} ms on PostgreSQL${waiting(r.postgres)}` : ''}. ` +
					"The server applies a push (up to 500 mutations) as one group, one transaction under the writer lock (apply-push.ts), written in sets: a run of answers is read, decided and written with one statement per table (handlers/answer-run.ts), and the group's receipts, change rows and hash-chained audit entries go in one INSERT each, with one durable commit (tests/integration/push-statements.test.ts counts the statements). The device sends the next batch as soon as the server has answered the last one whole, and reads it and lets the answered one leave the outbox while the requests travel (sync-engine.ts), so what remains of its own work is mostly hidden behind the server's."
			);
		}
		const p = extra.profile;
		if (p)
			notes.push(
				`A separate SQLite server run under \`node --cpu-prof\` took ${p.mutations.toLocaleString('en-US')} of the same mutations from node in ${num(p.pushMs / 1000)} s (${num(p.pushMs / p.mutations)} ms each, no browser involved). Of its busy CPU time: ` +
					`durable commits ${pct(p.share.commit)}, the audit chain ${pct(p.share.audit)}, preparing statements ${pct(p.share.prepare)} (the statement cache's misses, sqlite-dialect.ts), executing statements ${pct(p.share.execute)}, compiling queries ${pct(p.share.compile)}, building queries and transactions in Kysely ${pct(p.share.kysely)}, zod ${pct(p.share.zod)}, HTTP and SvelteKit ${pct(p.share.http)}, garbage collection ${pct(p.share.gc)}, start-up ${pct(p.share.startup)}, the rest (the handlers' own code, JSON) ${pct(p.share.other)}.`
			);
		if (extra.commit)
			notes.push(
				`On this disk a durable SQLite commit (WAL, its log flushed) costs ${num(extra.commit.fullMs)} ms against ${num(extra.commit.offMs)} ms without the fsync.`
			);
		if (extra.pgCost)
			notes.push(
				`On PostgreSQL (default durability) a durable commit costs ${num(extra.pgCost.commitMs)} ms and every statement is a round trip of ${num(extra.pgCost.roundTripMs)} ms over loopback, with the writer lock held throughout: a group of 500 answers takes about a dozen statements and one commit.`
			);
		if (r.pouchdb)
			notes.push(
				`PouchDB sends 100 documents per \`_bulk_docs\` request and pouchdb-server writes each batch to LevelDB in one go, without fsync; it keeps no per-document receipts, order or audit. Pull is where our protocol is faster: one indexed range read of the change log per page of up to 2,000 changes that carry the whole entity, against PouchDB reading the changes feed and then fetching each document's revisions.`
			);
		if (r.rxdb)
			notes.push(
				"RxDB's anchor: RxDB's own server plugin (npm `rxdb-server`, latest 15.22.0) is licensed SSPL, not MIT/Apache, and its latest release belongs to the RxDB 15 line, so the Node end is RxDB's documented HTTP replication protocol served by a small endpoint storing in RxDB on Node. Its durable free storages there are none: the SQLite storage in the Apache-2.0 package is a trial (`TRIAL_SQLITE_DOCUMENT_LIMIT = 500`, also 500 operations, in rxdb/plugins/storage-sqlite; this workload has 8,400 documents), MongoDB and FoundationDB need servers this machine does not have, the file-system and premium SQLite storages are paid (`rxdb-premium`). The endpoint therefore keeps everything in RxDB's memory storage: no disk write, no fsync, no receipts, order or audit — it flatters RxDB against our durable SQLite (every commit's log flushed) and PostgreSQL, so being ahead of it is a conservative result. RxDB's browser side is what an RxDB app runs: the free Dexie storage on IndexedDB, one bulk write per pulled page."
			);
		if (section.rows.some((row) => row.target && row.verdict !== 'met'))
			notes.push(
				"Done since the first figures: one durable commit per group, then (issue 21) set-based writes per group and per run of answers, prepared statements kept per connection, one shared commit for pushes that arrive together, the device's acknowledgement bookkeeping made linear (one meta row per acknowledged batch), the device's pipeline above, and (2026-12-07) a group's writes sent without waiting for each answer, a push body of 500 parsed with one JSON.parse, no receipt lookup before the lock for a push of new mutations, and on PostgreSQL no foreign key from receipts to their client (migration 038: a trigger and a lock of the same client row per receipt). What is left is spread thin: on the server, the per-mutation JavaScript (building and binding queries, zod, JSON, the audit hashes; no single function above a few per cent of the push under `perf`), and on the device the IndexedDB writes themselves (a structured clone per row, about 20 µs each on a pulled page), which a page of 1,000 rows cannot avoid."
			);
	}
	if (key === '5') {
		notes.push(
			'Closed-loop rows: pushes are applied one shared transaction at a time by design (a single writer lock orders the change log for pull), so throughput is set by the per-mutation cost in 4., not by the number of clients; more clients only queue longer, which is what p50 and p99 show.'
		);
		const long = Object.entries(r).filter(([k, a]) => !k.endsWith('-offered') && a.latency.p99 > a.duration * 1000 * 0.6);
		if (long.length)
			notes.push(
				`With ${long.map(([k]) => `${k.split('-')[1]} clients on ${k.split('-')[0]}`).join(' and ')} a push waits behind nearly every other client's, several seconds at the server's rate — close to the ${num(long[0][1].duration)} s run, so that p99 is bounded by the run's length (pushes still queued when it ended are not counted) and the real tail is longer.`
			);
	}
	if (key === '6') {
		for (const [engine, d] of Object.entries(r))
			notes.push(
				`${engine}: ${d.inspections.toLocaleString('en-US')} inspections and ${d.findings.toLocaleString('en-US')} findings generated in ${num(d.genMs / 1000)} s, then the open findings of ${d.openUnits.toLocaleString('en-US')} communes counted (migration 025's table, which the bulk load bypassed) in ${num(d.openMs / 1000)} s (not part of the figures).`
			);
		const missed = section.rows.filter((row) => row.target && row.verdict !== 'met');
		if (missed.some((row) => row.label.includes('national')))
			notes.push(
				"The national roll-up reads the open findings per commune (migration 025, ~3,300 rows) and subtracts those not yet due (a range on findings' deadline); what remains is the quarter's ~10,000 records across the country with two finding counts each. Before 025 it joined every reported record (~75,000) with its findings (~190,000) on each call: 212 ms on SQLite and 280 ms on PostgreSQL in the run of 2026-12-06."
			);
	}
	if (key === '8') notes.push(...teamNotes(r));
	return notes;
}

/** Where the team's taps and minutes go (issue 17, must-show 5), from the run's own figures. */
function teamNotes({ single, before, teams, officers }) {
	const notes = [];
	const phases = (m) => m.phases.map((p) => `${p.phase} ${p.taps}`).join(', ');
	const per = (one) =>
		Object.entries(one.perSection)
			.map(([id, taps]) => `${id} ${taps}`)
			.join(', ');
	notes.push(
		`Taps per section on one phone (its answers and the tap that opened it): with "Tất cả mục còn lại trong phần này: Đạt" ${per(single)}; one tap per slot (before the speed aids) ${per(before)}. Adding the ${officers} officers takes ${single.phases.find((p) => p.phase === 'officers')?.taps ?? '—'} taps and starting the visit ${single.phases.find((p) => p.phase === 'start')?.taps ?? '—'}. The issue's "about 154 taps" is one per slot, officer and start; counted on the screen a name field is tapped before typing, a count has two fields, each section is opened, and the sign page is reached from the record.`
	);
	for (const team of teams) {
		const slowest = [...team.members].sort((a, b) => b.doneAt - a.doneAt)[0];
		notes.push(
			`${team.phones} phones, ${team.split}${team.scored ? ' (carries the targets)' : ''}: ${team.members.map((m) => `${m.who} ${m.total.taps} taps (${phases(m)})`).join('; ')}. Team time ${num(team.seconds / 60)} min from the first answer to a merged, finishable record: ${num((team.seconds / before.work.seconds) * 100)} % of one phone before the button, ${num((team.seconds / single.work.seconds) * 100)} % of one phone with it. The slowest is ${slowest.who}; the tail (the trưởng đoàn's sync and sign page) ${team.tail.taps} taps and ${num(team.tail.appSeconds)} s of the app's time; ${team.conflicts} conflicts.`
		);
	}
	notes.push(
		"A team cannot come under a third of a one-phone visit that uses the same button: the start, the officers, each member's setup and hand-in and the tail are taps the one phone does not spend, and a section is held by one person."
	);
	return notes;
}
