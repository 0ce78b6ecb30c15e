/**
 * Runs sync rounds when it makes sense and tells the UI how it went.
 *
 * Triggers: app start, the browser coming online, the page becoming visible, a local write
 * (debounced), a timer while open, the "Đồng bộ ngay" button, and Background Sync where the
 * browser has it. Only one tab syncs at a time (Web Locks; other tabs skip their round).
 * Failures back off exponentially with jitter; nothing is dropped on failure.
 */
import type { AppDb } from '../app-db';
import { session } from '../session.svelte';
import type { UploadProgress } from './sync-engine';
import type { SyncTransport } from './transport';
import { RequestRefusedError, TransientSyncError } from './sync-errors';
import { backoffDelay } from './backoff';
import { reachability } from '../reachability.svelte';

const PERIOD_MS = 60_000;

/**
 * The engine, its HTTP transport and the device keys, imported for the first round: they carry
 * the protocol's zod schemas, and every page shows this status (the header's badge) long before
 * its first round, which waits for the first paint anyway (issue 20: offline cold start).
 */
const engine = () =>
	Promise.all([import('./sync-engine'), import('./transport'), import('../device-keys')]).then(([e, t, k]) => ({
		syncOnce: e.syncOnce,
		httpTransport: t.httpTransport,
		syncDeviceKeys: k.syncDeviceKeys
	}));

const AFTER_WRITE_MS = 1500;
const LOCK = 'kiem-tra-mot-cua:sync';

export class SyncStatus {
	/** The server answered recently (reachability.svelte.ts), not merely `navigator.onLine`. */
	get online(): boolean {
		return reachability.online;
	}
	running = $state(false);
	lastSyncAt = $state<string | null>(null);
	lastError = $state<SyncProblem | null>(null);
	upload = $state<UploadProgress | null>(null);
	/** Rounds begun and ended (ok or not), in order: lets a caller wait for a round that began after it asked. */
	roundsStarted = $state(0);
	roundsEnded = $state(0);

	#db: AppDb | null = null;
	/** Given by tests; otherwise the HTTP transport, made at the first round. */
	#transport: SyncTransport | null;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#failures = 0;
	#stop: (() => void) | null = null;
	/** Asked for while a round ran: run again right after it, or a change made meanwhile waits a whole period. */
	#again = false;

	constructor(transport: SyncTransport | null = null) {
		this.#transport = transport;
	}

	/** Starts the triggers for this database; returns a stop function. */
	start(db: AppDb): () => void {
		this.stop();
		this.#db = db;
		void db.meta.get('lastSyncAt').then((r) => (this.lastSyncAt = typeof r?.value === 'string' ? r.value : null));
		// Back online (the browser says so, or the server answers again after a silence): sync at once.
		const online = () => {
			this.#failures = 0;
			this.soon(0);
		};
		const stopBack = reachability.onBack(online);
		const visible = () => document.visibilityState === 'visible' && this.soon(0);
		const fromWorker = (e: MessageEvent<{ type?: unknown } | null>) => e.data?.type === 'SYNC_NOW' && this.soon(0);
		const onWrite = () => {
			this.soon(AFTER_WRITE_MS);
			void registerBackgroundSync();
		};
		addEventListener('online', online);
		document.addEventListener('visibilitychange', visible);
		navigator.serviceWorker?.addEventListener('message', fromWorker);
		db.outbox.hook('creating', onWrite);
		this.#stop = () => {
			removeEventListener('online', online);
			stopBack();
			document.removeEventListener('visibilitychange', visible);
			navigator.serviceWorker?.removeEventListener('message', fromWorker);
			db.outbox.hook('creating').unsubscribe(onWrite);
			clearTimeout(this.#timer);
		};
		this.soon(0);
		return () => this.stop();
	}

	stop() {
		this.#stop?.();
		this.#stop = null;
		this.#db = null;
	}

	/** Schedules a round after `ms` unless one is already due sooner. */
	soon(ms: number) {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.syncNow(), ms);
	}

	/**
	 * One round now (the "Đồng bộ ngay" button). Resolves when done; while a round runs, the
	 * request is remembered and another round follows it at once.
	 */
	async syncNow(): Promise<void> {
		const db = this.#db;
		if (!db) return;
		if (this.running) {
			this.#again = true;
			return;
		}
		clearTimeout(this.#timer);
		const run = async () => {
			this.running = true;
			this.#again = false;
			this.roundsStarted++;
			try {
				const { syncOnce, httpTransport, syncDeviceKeys } = await engine();
				this.#transport ??= httpTransport();
				await syncOnce(db, this.#transport, (p) => (this.upload = p));
				// Issue 17: this phone's signing key registered, the team's keys held before a visit offline.
				if (session.user) await syncDeviceKeys(db, session.user).catch((err) => console.warn('[sync] device keys', err));
				// eslint-disable-next-line svelte/prefer-svelte-reactivity -- read once for its ISO string, never kept
				this.lastSyncAt = new Date().toISOString();
				this.lastError = null;
				this.#failures = 0;
				reachability.answered();
				this.#timer = setTimeout(() => void this.syncNow(), PERIOD_MS);
			} catch (err) {
				// Signed out (or another account opened) while the round ran: its database was closed
				// under it. Nothing of this account is left to sync or to warn about on the sign-in page.
				if (db.hasBeenClosed()) return;
				this.#failures++;
				this.lastError = describe(err);
				// The server no longer knows this device's session: keep everything, ask for the password.
				if (err instanceof RequestRefusedError && err.status === 401) {
					session.needsPassword = true;
					return;
				}
				// Nothing syncs until the person chooses their own password; the password page syncs again after.
				if (err instanceof RequestRefusedError && err.code === 'password_change_required') {
					session.mustChangePassword = true;
					return;
				}
				// Not reached (or the server failed): the health check says whether it is there at all.
				if (err instanceof TransientSyncError) reachability.suspect();
				const retryAfter = err instanceof TransientSyncError ? err.retryAfterMs : null;
				this.#timer = setTimeout(() => void this.syncNow(), retryAfter ?? backoffDelay(this.#failures));
				if (!(err instanceof TransientSyncError)) console.error('[sync]', err);
			} finally {
				this.running = false;
				this.upload = null;
				this.roundsEnded++;
				// The database in use now: after a sign-out and a new sign-in meanwhile, the new
				// account's first round asked while this one ran is owed to it.
				if (this.#again && this.#db && !this.#db.hasBeenClosed() && !session.needsPassword && !session.mustChangePassword) this.soon(0);
			}
		};
		if (navigator.locks) await navigator.locks.request(LOCK, { ifAvailable: true }, async (lock) => (lock ? run() : undefined));
		else await run();
	}
}

/** Why the last round failed, as codes the sync panel puts into words. */
export type SyncProblem = { kind: 'transient' | 'refused'; code: string; message: string } | { kind: 'unknown' };

function describe(err: unknown): SyncProblem {
	if (err instanceof TransientSyncError) return { kind: 'transient', code: err.code, message: err.message };
	if (err instanceof RequestRefusedError) return { kind: 'refused', code: err.code, message: err.message };
	return { kind: 'unknown' };
}

/** Asks the browser to wake the service worker for a sync when the network returns (Chromium). */
async function registerBackgroundSync() {
	try {
		// Background Sync's `sync` is not in lib.dom, so the assertion adds it; the rule misreads this
		// as a no-op because it resolves the rune module's types differently from tsc.
		// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
		const reg = (await navigator.serviceWorker?.getRegistration()) as
			(ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined;
		await reg?.sync?.register('kiem-tra-mot-cua-sync');
	} catch {
		/* Safari, Firefox: no Background Sync; the triggers above cover it while the app is open. */
	}
}

export const syncStatus = new SyncStatus();
