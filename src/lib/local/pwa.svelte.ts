/**
 * Service-worker registration and updates through workbox-window.
 *
 * A new version never takes over by itself: it waits until the user presses
 * "Có phiên bản mới — tải lại". Answers are saved as they are given, so the only unsaved
 * work is a field still being typed; `applyUpdate` blurs it first so its change handler saves.
 * Only the tab that asked reloads; other tabs keep running on the old version's code until
 * their own user reloads.
 */
// workbox-window is loaded when registering (after the first paint), not with the page.
import type { Workbox } from 'workbox-window';
import { installOffer } from './install-offer.svelte';

/** How long a pressed reload waits for the new version to take over before reloading anyway. */
const STALLED_HAND_OVER_MS = 5000;

class PwaState {
	/** A new version is installed and waiting. */
	updateReady = $state(false);
	/** The page is controlled by a service worker (works offline from the next load on). */
	controlled = $state(false);
	#wb: Workbox | null = null;
	#reloadRequested = false;

	async register() {
		// Chromium offers installation once a service worker controls the app: catch that moment.
		installOffer.listen();
		if (!('serviceWorker' in navigator) || this.#wb) return;
		const { Workbox } = await import('workbox-window');
		if (this.#wb) return;
		const wb = new Workbox('/service-worker.js', { scope: '/' });
		this.#wb = wb;
		wb.addEventListener('waiting', () => (this.updateReady = true));
		wb.addEventListener('controlling', () => {
			this.controlled = true;
			if (this.#reloadRequested) window.location.reload();
		});
		this.controlled = !!navigator.serviceWorker.controller;
		await wb.register();
	}

	/** Checks the server for a new version now (also done by the browser on navigations). */
	async checkForUpdate() {
		await this.#wb?.update();
	}

	async applyUpdate() {
		(document.activeElement as HTMLElement | null)?.blur?.();
		this.#reloadRequested = true;
		const waiting = (await navigator.serviceWorker?.getRegistration())?.waiting;
		// Another tab may already have let the new version in: then there is nothing to wait for.
		if (!waiting) return window.location.reload();
		this.#wb?.messageSkipWaiting();
		// The user asked for a reload; if the hand-over does not start, reload anyway: leaving the
		// page lets it start. Chromium (seen in about one run in twenty on a loaded machine) can then
		// hold that reload forever once the new version is active, with the old page still showing;
		// a fresh navigation at that moment goes through.
		setTimeout(() => {
			waiting.addEventListener('statechange', () => waiting.state === 'activated' && window.location.replace(window.location.href));
			window.location.reload();
		}, STALLED_HAND_OVER_MS);
	}
}

export const pwa = new PwaState();
