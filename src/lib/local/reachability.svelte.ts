/**
 * Is the server there? "Online" on the badge means the server answered recently, not that the
 * phone has a network: `navigator.onLine` is true on a hall's Wi-Fi with no internet behind it,
 * or behind a captive portal that answers every request with its own sign-in page.
 *
 * An answer is a health check (GET /api/health, a small JSON the server gives only when its
 * database answers) or a sync round that went through. Checks run when the last answer is
 * getting old, at once when the browser says it is back online or the page becomes visible
 * again, and after a failure with exponential back-off (1 s, 2 s, 4 s … at most a minute).
 * The browser saying "offline" is believed at once: there is certainly no server then.
 */
import { backoffDelay } from './sync/backoff';

/** Without a newer answer, the last one is this old when the next check runs. */
export const CHECK_AFTER_MS = 30_000;
/** An answer older than this no longer counts: the badge turns offline even if no check could run. */
export const STALE_MS = 75_000;
/** A check that has not answered by then has failed (a Wi-Fi with no internet often just hangs). */
export const CHECK_TIMEOUT_MS = 8_000;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 60_000;

/** One look at the server: true when it answered as itself. */
export type Probe = () => Promise<boolean>;

/** GET /api/health, believed only when it is the server's own JSON (a captive portal answers 200 too). */
export const healthProbe: Probe = async () => {
	try {
		const res = await fetch('/api/health', { cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
		if (!res.ok) return false;
		const body = (await res.json()) as { ok?: unknown } | null;
		return body?.ok === true;
	} catch {
		return false;
	}
};

export class Reachability {
	/** The server answered recently and nothing failed since. */
	online = $state(false);
	/** A check or answer has had its outcome: before that, the badge says it is connecting, not offline. */
	settled = $state(false);
	/** Time (ms) of the last answer, null before the first. */
	lastAnswerAt = $state<number | null>(null);
	#failures = 0;
	#inFlight: Promise<void> | null = null;
	#next: ReturnType<typeof setTimeout> | undefined;
	#stale: ReturnType<typeof setTimeout> | undefined;
	#probe: Probe;
	#random: () => number;
	// Listeners are called, never rendered: a plain Set.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#listeners = new Set<() => void>();
	#stop: (() => void) | null = null;

	constructor(probe: Probe = healthProbe, random: () => number = Math.random) {
		this.#probe = probe;
		this.#random = random;
	}

	/** Called with every return to online (offline → online), e.g. to sync at once. */
	onBack(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Listens to the browser's hints and checks now; returns a stop function. Idempotent. */
	start(): () => void {
		if (this.#stop) return this.#stop;
		const wentOnline = () => {
			this.#failures = 0;
			void this.check();
		};
		const wentOffline = () => this.failed();
		const visible = () => {
			if (document.visibilityState === 'visible' && !this.fresh(CHECK_AFTER_MS)) void this.check();
		};
		addEventListener('online', wentOnline);
		addEventListener('offline', wentOffline);
		document.addEventListener('visibilitychange', visible);
		this.#stop = () => {
			removeEventListener('online', wentOnline);
			removeEventListener('offline', wentOffline);
			document.removeEventListener('visibilitychange', visible);
			clearTimeout(this.#next);
			clearTimeout(this.#stale);
			this.#stop = null;
		};
		if (navigator.onLine === false) this.failed();
		else void this.check();
		return this.#stop;
	}

	/** Did the server answer within the last `ms`? */
	fresh(ms = STALE_MS, now = Date.now()): boolean {
		return this.lastAnswerAt !== null && now - this.lastAnswerAt < ms;
	}

	/** One check now (joins one already running). */
	check(): Promise<void> {
		this.#inFlight ??= this.#probe()
			.catch(() => false)
			.then((ok) => (ok ? this.answered() : this.failed()))
			.finally(() => (this.#inFlight = null));
		return this.#inFlight;
	}

	/** The server answered (a health check, a sync round). */
	answered() {
		const wasOnline = this.online;
		this.settled = true;
		this.lastAnswerAt = Date.now();
		this.#failures = 0;
		this.online = true;
		this.#schedule(CHECK_AFTER_MS);
		clearTimeout(this.#stale);
		this.#stale = setTimeout(() => {
			// Timers may run late (a phone asleep); the check above normally answers first.
			if (!this.fresh()) this.online = false;
		}, STALE_MS);
		if (!wasOnline) for (const listener of this.#listeners) listener();
	}

	/** The server did not answer (or the browser says there is no network): offline, check again later. */
	failed() {
		this.#failures++;
		this.settled = true;
		this.online = false;
		clearTimeout(this.#stale);
		this.#schedule(backoffDelay(this.#failures, this.#random, BACKOFF_BASE_MS, BACKOFF_MAX_MS));
	}

	/** Something else failed to reach the server (a sync round): check rather than guess. */
	suspect() {
		void this.check();
	}

	#schedule(ms: number) {
		clearTimeout(this.#next);
		this.#next = setTimeout(() => {
			// A hidden page spends no battery on checks: becoming visible checks at once if the answer is old.
			if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
			// A sync round may have answered meanwhile: then the next check waits for that answer to age.
			if (this.online && this.lastAnswerAt !== null) {
				const age = Date.now() - this.lastAnswerAt;
				if (age < CHECK_AFTER_MS) return this.#schedule(CHECK_AFTER_MS - age);
			}
			void this.check();
		}, ms);
	}
}

export const reachability = new Reachability();
