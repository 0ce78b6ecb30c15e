// "Online" is the server answering, with back-off while it does not and staleness when answers stop.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHECK_AFTER_MS, CHECK_TIMEOUT_MS, Reachability, STALE_MS } from './reachability.svelte';

/** A probe whose answers the test gives, counting the checks made. */
function scriptedProbe(answers: boolean[]) {
	const probe = vi.fn(() => Promise.resolve(answers.shift() ?? false));
	return probe;
}

/** The window and document the checker listens on, as plain event targets. */
function browserStubs() {
	const win = new EventTarget();
	const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
	vi.stubGlobal('addEventListener', win.addEventListener.bind(win));
	vi.stubGlobal('removeEventListener', win.removeEventListener.bind(win));
	vi.stubGlobal('document', doc);
	vi.stubGlobal('navigator', { onLine: true });
	return { win, doc };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
});

describe('reachability', () => {
	it('is offline until the server answered (still settling before the first outcome), online when it does', async () => {
		const reach = new Reachability(scriptedProbe([true]));
		expect(reach.online).toBe(false);
		expect(reach.settled).toBe(false);
		await reach.check();
		expect(reach.settled).toBe(true);
		expect(reach.online).toBe(true);
		expect(reach.fresh()).toBe(true);
	});

	it('turns offline when a check fails, whatever the network says', async () => {
		const reach = new Reachability(scriptedProbe([true, false]));
		await reach.check();
		await reach.check();
		expect(reach.online).toBe(false);
	});

	it('backs off after failures (1 s, 2 s, 4 s … with jitter at its low end) and comes back when the server answers', async () => {
		const probe = scriptedProbe([false, false, false, false, true]);
		const reach = new Reachability(probe, () => 0);
		await reach.check();
		expect(probe).toHaveBeenCalledTimes(1);
		// Failure 1: next check after 0.5 s (half of 1 s with zero jitter); failure 2: 1 s; 3: 2 s; 4: 4 s.
		for (const [wait, calls] of [
			[499, 1],
			[1, 2],
			[999, 2],
			[1, 3],
			[2000, 4],
			[3999, 4],
			[1, 5]
		] as const) {
			await vi.advanceTimersByTimeAsync(wait);
			expect(probe).toHaveBeenCalledTimes(calls);
		}
		expect(reach.online).toBe(true);
	});

	it('never waits more than a minute between checks while the server is away', async () => {
		const probe = scriptedProbe(Array(30).fill(false) as boolean[]);
		const reach = new Reachability(probe, () => 1);
		await reach.check();
		await vi.advanceTimersByTimeAsync(10 * 60_000);
		// 1+2+4+8+16+32 s, then every 60 s: 6 + 8 checks after the first.
		expect(probe.mock.calls.length).toBeGreaterThanOrEqual(14);
		expect(probe.mock.calls.length).toBeLessThanOrEqual(16);
	});

	it('checks again when the last answer gets old, not while sync rounds keep answering', async () => {
		const probe = scriptedProbe([true, true]);
		const reach = new Reachability(probe);
		await reach.check();
		await vi.advanceTimersByTimeAsync(CHECK_AFTER_MS - 1000);
		reach.answered(); // a sync round went through
		await vi.advanceTimersByTimeAsync(CHECK_AFTER_MS - 1000);
		expect(probe).toHaveBeenCalledTimes(1);
		await vi.advanceTimersByTimeAsync(1000);
		expect(probe).toHaveBeenCalledTimes(2);
	});

	it('goes stale: an answer older than STALE_MS no longer counts even when no check could finish', async () => {
		let calls = 0;
		// The first check answers; the later ones hang (a Wi-Fi with no internet behind it).
		const reach = new Reachability(() => (calls++ === 0 ? Promise.resolve(true) : new Promise<boolean>(() => undefined)));
		await reach.check();
		await vi.advanceTimersByTimeAsync(STALE_MS - 1);
		expect(reach.online).toBe(true);
		expect(reach.fresh()).toBe(true);
		await vi.advanceTimersByTimeAsync(1);
		expect(reach.online).toBe(false);
		expect(reach.fresh()).toBe(false);
		expect(CHECK_AFTER_MS + CHECK_TIMEOUT_MS).toBeLessThan(STALE_MS);
	});

	it('joins a check already running instead of starting a second', async () => {
		let resolve: (ok: boolean) => void = () => undefined;
		const probe = vi.fn(() => new Promise<boolean>((r) => (resolve = r)));
		const reach = new Reachability(probe);
		const a = reach.check();
		const b = reach.check();
		resolve(true);
		await Promise.all([a, b]);
		expect(probe).toHaveBeenCalledTimes(1);
	});

	it('tells listeners when the server is back, once per return', async () => {
		const reach = new Reachability(scriptedProbe([false, true, true]));
		const back = vi.fn();
		reach.onBack(back);
		await reach.check();
		await reach.check();
		await reach.check();
		expect(back).toHaveBeenCalledTimes(1);
	});

	it('believes the browser going offline at once, and checks at once when it is back online', async () => {
		const { win } = browserStubs();
		const probe = scriptedProbe([true, true]);
		const reach = new Reachability(probe);
		const stop = reach.start();
		await settle();
		expect(reach.online).toBe(true);

		win.dispatchEvent(new Event('offline'));
		expect(reach.online).toBe(false);
		win.dispatchEvent(new Event('online'));
		await settle();
		expect(probe).toHaveBeenCalledTimes(2);
		expect(reach.online).toBe(true);
		stop();
	});

	it('checks when the page becomes visible with an old answer, not with a fresh one', async () => {
		const { doc } = browserStubs();
		const probe = vi.fn(() => Promise.resolve(true));
		const reach = new Reachability(probe);
		const stop = reach.start();
		await settle();
		doc.dispatchEvent(new Event('visibilitychange'));
		await settle();
		expect(probe).toHaveBeenCalledTimes(1);
		// Asleep in a pocket: timers did not run, the answer is old.
		vi.setSystemTime(Date.now() + CHECK_AFTER_MS + 1);
		doc.dispatchEvent(new Event('visibilitychange'));
		await settle();
		expect(probe).toHaveBeenCalledTimes(2);
		stop();
	});

	it('spends no checks while the page is hidden, and checks on its return', async () => {
		const { doc } = browserStubs();
		const probe = vi.fn(() => Promise.resolve(true));
		const reach = new Reachability(probe);
		const stop = reach.start();
		await settle();
		doc.visibilityState = 'hidden';
		await vi.advanceTimersByTimeAsync(10 * CHECK_AFTER_MS);
		expect(probe).toHaveBeenCalledTimes(1);
		expect(reach.online).toBe(false); // the answer went stale meanwhile
		doc.visibilityState = 'visible';
		doc.dispatchEvent(new Event('visibilitychange'));
		await settle();
		expect(probe).toHaveBeenCalledTimes(2);
		expect(reach.online).toBe(true);
		stop();
	});

	it('starts offline without a check storm when the browser has no network at all', async () => {
		vi.stubGlobal('addEventListener', () => undefined);
		vi.stubGlobal('removeEventListener', () => undefined);
		vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }));
		vi.stubGlobal('navigator', { onLine: false });
		const probe = vi.fn(() => Promise.resolve(false));
		const reach = new Reachability(probe, () => 0);
		const stop = reach.start();
		await settle();
		expect(reach.online).toBe(false);
		expect(probe).toHaveBeenCalledTimes(0);
		stop();
	});
});
