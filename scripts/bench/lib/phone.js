/**
 * A simulated inspector with a phone, for the team benchmark: a touch-screen Chromium context
 * (412 × 915, touch events) driven through the app's real UI, which counts what it does.
 *
 * Every tap goes through `tap()` (Playwright's `locator.tap()`: real touch events, the page
 * sees trusted `pointerdown`s) and every key through `type()`/`press()`. Two counts are kept:
 * the driver's own, and the page's, from an init script that counts trusted `pointerdown`s,
 * inserted characters and named keys (Enter) in sessionStorage (so full navigations keep it).
 * A key is a character: Vietnamese letters count one each, though a phone's Telex keyboard
 * takes two or three presses for some. `counts()` checks they
 * agree: a tap the driver meant but the page never received, or one it did not mean, fails
 * the run. Scrolling (a swipe on a phone) is Playwright's own and is not counted.
 *
 * Each tap is timestamped (`events`), so a phase's wall time on the machine — the app's
 * response included, since each step waits for what a person would wait for on screen — can
 * be read back for the time model (see team.js).
 */
import { contextOptions, signInWithoutApp } from './browser.js';

const COUNTER = 'bench:input-count';
const FOCUS_PAUSE_MS = 400;

function inputCounter(key) {
	const read = () => JSON.parse(sessionStorage.getItem(key) ?? '{"taps":0,"keys":0}');
	const add = (field, n) => {
		const c = read();
		c[field] += n;
		sessionStorage.setItem(key, JSON.stringify(c));
	};
	addEventListener('pointerdown', (e) => e.isTrusted && e.isPrimary && add('taps', 1), true);
	// Characters as they are inserted (Vietnamese letters arrive as text, without a keydown),
	// named keys (Enter, Tab) as they are pressed.
	addEventListener('beforeinput', (e) => e.isTrusted && e.inputType === 'insertText' && add('keys', [...(e.data ?? '')].length), true);
	addEventListener('keydown', (e) => e.isTrusted && e.key.length > 1 && add('keys', 1), true);
}

export class Phone {
	/** @param {string} who a name for the report ("trưởng đoàn", "member B") */
	constructor(who, context, page, user) {
		this.who = who;
		this.context = context;
		this.page = page;
		this.user = user;
		this.taps = 0;
		this.keys = 0;
		/** { at: ms (performance.now() in node), kind: 'tap' | 'key' | 'pause', what, n: keys or ms paused, phase } */
		this.events = [];
		this.phase = '';
		this.pausedMs = 0;
	}

	/** A fresh touch-screen context signed in as `account` (through the API, not counted). */
	static async open(browser, base, who, account) {
		const context = await browser.newContext({ ...contextOptions, hasTouch: true });
		context.setDefaultTimeout(30_000);
		await context.addInitScript(inputCounter, COUNTER);
		const { page, user } = await signInWithoutApp(context, base, account);
		page.on('dialog', (d) => void d.accept());
		return new Phone(who, context, page, user);
	}

	/** Names the part of the work the next taps belong to (for the per-phase figures). */
	startPhase(name) {
		this.phase = name;
	}

	#note(kind, what, n = 1) {
		this.events.push({ at: performance.now(), kind, what, n, phase: this.phase });
	}

	async tap(locator, what = '') {
		await locator.tap();
		this.taps++;
		this.#note('tap', what);
	}

	/** Types on the on-screen keyboard into the focused field: one key per character. */
	async type(text) {
		await this.page.keyboard.type(text);
		this.keys += [...text].length;
		this.#note('key', text, [...text].length);
	}

	/** One key, e.g. Enter (the keyboard's "done", which commits a number field). */
	async press(key) {
		await this.page.keyboard.press(key);
		this.keys++;
		this.#note('key', key);
	}

	/**
	 * Taps a field, then types into it, and checks the text is in it. Between the tap and the
	 * first key the driver waits for the field to have focus and then `FOCUS_PAUSE_MS`: after a
	 * touch on a field Chromium drops keys for a moment (measured here: up to ~150 ms) while it
	 * brings up text input, as a phone's keyboard slides up before anyone can type on it.
	 */
	async fill(locator, text, what = '') {
		await this.tap(locator, what);
		const field = await locator.elementHandle();
		await this.page.waitForFunction((el) => document.activeElement === el, field);
		await this.pause(FOCUS_PAUSE_MS);
		await this.type(text);
		const value = await field.evaluate((el) => el.value);
		if (!value.endsWith(text)) throw new Error(`${this.who}: typed "${text}" (${what}) but the field holds "${value}"`);
	}

	/** Waits without doing anything; the time is kept apart (`pausedMs`) so it is not counted as the app's. */
	async pause(ms) {
		await new Promise((resolve) => setTimeout(resolve, ms));
		this.pausedMs += ms;
		this.#note('pause', '', ms);
	}

	/** Zeroes both counts (after sign-in and set-up that are not part of the measured work). */
	async resetCounts() {
		await this.page.evaluate((key) => sessionStorage.setItem(key, '{"taps":0,"keys":0}'), COUNTER);
		this.taps = 0;
		this.keys = 0;
		this.events = [];
		this.pausedMs = 0;
	}

	/** The driver's counts, checked against what the page itself received. */
	async counts() {
		const seen = await this.page.evaluate((key) => JSON.parse(sessionStorage.getItem(key) ?? '{"taps":0,"keys":0}'), COUNTER);
		if (seen.taps !== this.taps || seen.keys !== this.keys)
			throw new Error(
				`${this.who}: the page received ${seen.taps} taps and ${seen.keys} keys, the driver made ${this.taps} and ${this.keys}`
			);
		return { taps: this.taps, keys: this.keys };
	}

	/** Index of the first answer given on this phone (a tap or key noted as "answer …"), or -1. */
	firstAnswer() {
		return this.events.findIndex((e) => e.what.startsWith('answer '));
	}

	/** Taps and keys from event `from` on, up to the moment `until` (performance.now()). */
	countSince(from, until = Infinity) {
		const c = { taps: 0, keys: 0 };
		for (const e of this.events.slice(from).filter((e) => e.at <= until)) {
			if (e.kind === 'tap') c.taps++;
			else if (e.kind === 'key') c.keys += e.n;
		}
		return c;
	}

	/** Wall seconds from event `from` until `until` (performance.now()), the driver's pauses taken out. */
	appSecondsSince(from, until) {
		const paused = this.events
			.slice(from)
			.filter((e) => e.kind === 'pause' && e.at <= until)
			.reduce((sum, e) => sum + e.n, 0);
		return (until - this.events[from].at - paused) / 1000;
	}

	/** Taps and keys per phase, in the order the phases began. */
	byPhase() {
		const out = new Map();
		for (const e of this.events) {
			const p = out.get(e.phase) ?? { phase: e.phase, taps: 0, keys: 0 };
			if (e.kind === 'tap') p.taps++;
			else if (e.kind === 'key') p.keys += e.n;
			out.set(e.phase, p);
		}
		return [...out.values()];
	}

	close() {
		return this.context.close();
	}
}
