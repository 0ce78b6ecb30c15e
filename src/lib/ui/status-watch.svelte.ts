/**
 * The app's standing conditions as toasts that come and go with their cause: the server out of
 * reach (gone when it answers again), a sync the server refuses (gone when a round goes through),
 * storage running low (gone when space is freed). Started once by the root layout.
 */
import { untrack } from 'svelte';
import { reachability } from '$lib/local/reachability.svelte';
import { session } from '$lib/local/session.svelte';
import { formatBytes, storageStatus } from '$lib/local/storage-status.svelte';
import { syncStatus, type SyncProblem } from '$lib/local/sync/sync-status.svelte';
import { errorText } from './errors';
import { m } from './i18n.svelte';
import { notifier } from './notify.svelte';

/** Refusals the app already answers with a screen of their own (sign in again, choose a password). */
const HANDLED_ELSEWHERE = new Set(['not_signed_in', 'password_change_required']);

/** The toast a failed round deserves, if any: a server out of reach is the badge's and the offline toast's. */
export function syncProblemToast(problem: SyncProblem | null): (() => string) | null {
	if (!problem || problem.kind === 'transient') return null;
	if (problem.kind === 'unknown') return () => m.sync_unknown();
	if (HANDLED_ELSEWHERE.has(problem.code)) return null;
	return () => m.sync_refused({ problem: errorText(problem.code, problem.message) });
}

/** What each change of a condition does to the toasts; remembers what it said so as not to repeat itself. */
export class StatusToasts {
	#wasOnline = false;
	#syncShown: string | null = null;
	#wasLow = false;

	reachability(online: boolean) {
		if (online) notifier.clear('offline');
		// Only on losing the server: a phone that starts offline sees the badge, not a toast.
		else if (this.#wasOnline) notifier.show(m.status_server_unreachable(), 'info', { cause: 'offline', ms: 8000 });
		this.#wasOnline = online;
	}

	sync(problem: SyncProblem | null) {
		const code = problem === null ? null : problem.kind === 'unknown' ? 'unknown' : problem.code;
		const words = syncProblemToast(problem);
		if (!problem) notifier.clear('sync');
		// The same refusal round after round is shown once, not at every retry.
		else if (words && code !== this.#syncShown) notifier.show(words, 'error', { cause: 'sync' });
		this.#syncShown = code;
	}

	/**
	 * Called whenever the figures are read again (a second after each queued change), and with every
	 * photo stored meanwhile. Only space freed after running low clears the storage toasts: a write
	 * refused as over quota while the estimate still reads "not low" (the browser's figures lag, and
	 * its quota is not the only limit) keeps its message until it times out or is dismissed, rather
	 * than vanish a second later when the figures are refreshed.
	 */
	storage(low: boolean, left: number | null) {
		if (low) notifier.show(m.storage_low({ left: formatBytes(left) }), 'error', { cause: 'storage', ms: 15000 });
		else if (this.#wasLow) notifier.clear('storage');
		this.#wasLow = low;
	}
}

export function watchStatus(): () => void {
	const stopReach = reachability.start();
	const toasts = new StatusToasts();
	const stopEffects = $effect.root(() => {
		$effect(() => {
			const online = reachability.online;
			untrack(() => toasts.reachability(online));
		});
		$effect(() => {
			const problem = syncStatus.lastError;
			untrack(() => toasts.sync(problem));
		});
		// Writes go through Dexie: watched once it has loaded (after the first paint, or for an action).
		$effect(() => {
			if (!session.user?.id) return;
			let stop: (() => void) | undefined;
			let stopped = false;
			void untrack(() => session.opened).then((db) => {
				if (!stopped) stop = storageStatus.watch(db);
			});
			return () => {
				stopped = true;
				stop?.();
			};
		});
		$effect(() => {
			const low = storageStatus.low;
			void storageStatus.blobsAdded;
			untrack(() => toasts.storage(low, storageStatus.available));
		});
	});
	return () => {
		stopEffects();
		stopReach();
	};
}
