/**
 * Error codes into words. The server answers endpoint errors and refused mutations with a
 * `code` and an English `message`; the device's own refusals are codes too. Every code the UI
 * can meet maps to one message key (error_<code>, in error-words.ts); a code not listed (a newer
 * server) shows the server's own message, so the user still reads something specific.
 *
 * The words themselves are a module of their own, loaded only when they may be needed: at the
 * first touch or key press (root layout), ahead of the action that may be refused, or when a code
 * is first put into words. No page load carries ~200 messages it rarely shows, nor fetches them
 * while idle. Until they are in, a code reads as the server's message or the generic one; text
 * worded in markup is redrawn when they arrive, a failed action's toast (`attempt`) and a toast
 * given as a function (`notifier.show(() => errorText(code))`) wait for them.
 */
import { createSubscriber } from 'svelte/reactivity';
import { language, m } from './i18n.svelte';

type ErrorWords = typeof import('./error-words');

let words: ErrorWords | undefined;
let loading: Promise<ErrorWords> | undefined;
let wordsArrived: (() => void) | undefined;
// Text rendered before the words arrived (a rejected change on the home page) is redrawn with them.
const dependOnWords = createSubscriber((update) => {
	wordsArrived = update;
	return () => (wordsArrived = undefined);
});

/** Loads the words once (precached by the service worker, so also offline). */
export function loadErrorWords(): Promise<ErrorWords> {
	loading ??= import('./error-words').then((w) => {
		words = w;
		wordsArrived?.();
		return w;
	});
	return loading;
}

function loaded(): ErrorWords | undefined {
	if (!words) {
		dependOnWords();
		void loadErrorWords();
	}
	return words;
}

const isKnown = (w: ErrorWords, code: string): code is keyof ErrorWords['errorMessages'] => Object.hasOwn(w.errorMessages, code);
const isValidationCode = (w: ErrorWords, message: string): message is keyof ErrorWords['validationMessages'] =>
	Object.hasOwn(w.validationMessages, message);

/**
 * The words for an error code; `fallback` (the server's message) when the code is not known here.
 * A request or mutation refused by a schema (`invalid_request`, `invalid`) carries the schema's
 * validation code as its message (`password_too_short`): that code is worded instead of the
 * generic refusal.
 */
export function errorText(code: string, fallback?: string): string {
	const w = loaded();
	if (w && (code === 'invalid_request' || code === 'invalid') && fallback !== undefined && isValidationCode(w, fallback)) {
		return w.validationMessages[fallback]();
	}
	if (w && isKnown(w, code)) return w.errorMessages[code]();
	const status = /^http_(\d+)$/.exec(code);
	if (status) return fallback ?? m.error_server_status({ status: status[1] ?? code });
	return fallback ?? m.error_unexpected();
}

/** A schema issue as zod gives it: our code as its message, or zod's own code and English message. */
export interface SchemaIssue {
	message: string;
	code?: string;
	minimum?: unknown;
	maximum?: unknown;
}

/**
 * One schema issue in words. Our schemas put a code of ours in the message; an issue without one
 * is worded from zod's own code (too small, too big, wrong format…), not in zod's English.
 */
export function validationText(issue: SchemaIssue): string {
	if (issue.message === 'too_long') return m.validation_too_long({ max: Number(issue.maximum).toLocaleString(language.current) });
	const words = loaded();
	if (words && isValidationCode(words, issue.message)) return words.validationMessages[issue.message]();
	// The words are in whenever a refused action is worded (`attempt` waits for them).
	return words ? words.zodIssueWords(issue) : issue.message;
}

/**
 * The field of a schema issue in words: its innermost named segment (`unitReps.0.name` → "Họ
 * tên"), or null when that field has no words here, so that no internal path reaches the screen.
 */
export function fieldText(path: readonly PropertyKey[]): string | null {
	const w = loaded();
	for (let i = path.length - 1; i >= 0; i--) {
		const segment = path[i];
		if (typeof segment === 'string') return (w && Object.hasOwn(w.fieldMessages, segment) ? w.fieldMessages[segment]?.() : null) ?? null;
	}
	return null;
}

/**
 * A refused sign-in or password change in words. A rate-limited one says how long to wait, from
 * the answer's Retry-After (the body's message is English and for logs only).
 */
export function authErrorText(failure: { code: string; message?: string; retryAfterSeconds?: number }): string {
	if (failure.code === 'rate_limited' && failure.retryAfterSeconds !== undefined) {
		return m.error_login_rate_limited({ minutes: Math.max(1, Math.ceil(failure.retryAfterSeconds / 60)) });
	}
	return errorText(failure.code, failure.message);
}
