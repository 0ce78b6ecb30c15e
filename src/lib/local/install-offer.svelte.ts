/**
 * Offering to install the app, the one thing that keeps a phone's records safe for weeks:
 *
 * - Android (Chromium): the browser's own install prompt, captured at `beforeinstallprompt` and
 *   shown only when the inspector presses "Cài đặt ứng dụng" on a discreet banner.
 * - iPhone and iPad (Safari): there is no prompt; a short guide to "Thêm vào MH chính" (Add to
 *   Home Screen), because Safari may delete a site's stored data after seven days without use
 *   unless the site is installed.
 *
 * Dismissing either is remembered on this device for a month (the risk does not go away, so the
 * offer comes back once in a while rather than never). Installed (standalone) apps see neither.
 * This module is small on purpose: the banner itself is loaded only when there is an offer.
 */

const DISMISSED_KEY = 'kiem-tra-mot-cua:install-dismissed';
const REMIND_AFTER_MS = 30 * 24 * 3600_000;

/** Chromium's event, not in lib.dom. */
export interface BeforeInstallPromptEvent extends Event {
	prompt(): Promise<void>;
	readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

export interface Device {
	userAgent: string;
	platform?: string;
	maxTouchPoints?: number;
	/** Safari's own flag for a page opened from the home screen. */
	standalone?: boolean;
	/** `(display-mode: standalone)` matches: an installed app's window. */
	displayStandalone?: boolean;
}

/** Safari on an iPhone or iPad (iPadOS says "Macintosh" but has touch); not Chrome or Firefox on iOS, which cannot install. */
export function isIosSafari(d: Device): boolean {
	const ios = /iPhone|iPad|iPod/.test(d.userAgent) || (/Macintosh/.test(d.userAgent) && (d.maxTouchPoints ?? 0) > 1);
	return ios && /Safari\//.test(d.userAgent) && !/CriOS|FxiOS|EdgiOS|OPiOS|GSA\//.test(d.userAgent);
}

export const isInstalled = (d: Device): boolean => d.standalone === true || d.displayStandalone === true;

export type InstallOfferKind = 'prompt' | 'ios' | null;

/** What to offer this device now: the captured prompt, the iOS guide, or nothing. */
export function offerFor(d: Device, hasPrompt: boolean, dismissedAt: number | null, now: number): InstallOfferKind {
	if (isInstalled(d)) return null;
	if (dismissedAt !== null && now - dismissedAt < REMIND_AFTER_MS) return null;
	if (hasPrompt) return 'prompt';
	return isIosSafari(d) ? 'ios' : null;
}

function thisDevice(): Device {
	return {
		userAgent: navigator.userAgent,
		platform: navigator.platform,
		maxTouchPoints: navigator.maxTouchPoints,
		standalone: (navigator as Navigator & { standalone?: boolean }).standalone,
		displayStandalone: matchMedia?.('(display-mode: standalone)').matches
	};
}

function readDismissed(): number | null {
	const value = Number(localStorage.getItem(DISMISSED_KEY));
	return Number.isFinite(value) && value > 0 ? value : null;
}

class InstallOffer {
	#prompt = $state<BeforeInstallPromptEvent | null>(null);
	#dismissedAt = $state<number | null>(null);
	#installed = $state(false);
	#listening = false;

	/** Captures the browser's prompt for later (called early, from the service-worker registration). */
	listen() {
		if (this.#listening || typeof window === 'undefined') return;
		this.#listening = true;
		this.#dismissedAt = readDismissed();
		addEventListener('beforeinstallprompt', (e) => {
			// Not the browser's own mini-infobar: the banner offers it when the inspector is ready.
			e.preventDefault();
			this.#prompt = e as BeforeInstallPromptEvent;
		});
		addEventListener('appinstalled', () => {
			this.#installed = true;
			this.#prompt = null;
		});
	}

	get kind(): InstallOfferKind {
		if (typeof window === 'undefined' || this.#installed) return null;
		return offerFor(thisDevice(), this.#prompt !== null, this.#dismissedAt, Date.now());
	}

	/** Shows the browser's install dialog; the prompt can be used once, whatever the answer. */
	async install(): Promise<'accepted' | 'dismissed' | null> {
		const prompt = this.#prompt;
		if (!prompt) return null;
		this.#prompt = null;
		await prompt.prompt();
		const { outcome } = await prompt.userChoice;
		if (outcome === 'dismissed') this.dismiss();
		return outcome;
	}

	dismiss() {
		this.#dismissedAt = Date.now();
		localStorage.setItem(DISMISSED_KEY, String(this.#dismissedAt));
	}
}

export const installOffer = new InstallOffer();
