/** The one place UI errors go: logged in English for developers, shown in Vietnamese. */
import type { ZodError } from 'zod';
import { StorageError } from '$lib/local/storage-guard';
import { NotAllowedError, NotEditableError, RecordIncompleteError, RuleRefusedError } from '$lib/local/action-errors';
import { errorText, fieldText, loadErrorWords, validationText } from './errors';
import { m } from './i18n.svelte';

/**
 * What a toast is about, when that can end: the server out of reach, a failing sync, a full
 * storage. Such a toast goes as soon as its cause is gone (`clear`), not only when its time is up,
 * and a newer toast of the same cause replaces it rather than stacking.
 */
export type ToastCause = 'offline' | 'sync' | 'storage';

export interface Toast {
	id: number;
	kind: 'error' | 'info';
	message: string;
	cause?: ToastCause;
}

export interface ToastOptions {
	ms?: number;
	cause?: ToastCause;
}

class Notifier {
	toasts = $state<Toast[]>([]);
	#next = 1;

	/**
	 * `message` as a function when it puts an error code into words (errors.ts): the toast then
	 * waits for the words, which load only when first needed, rather than show the generic text.
	 */
	show(message: string | (() => string), kind: Toast['kind'] = 'info', options: ToastOptions = {}) {
		if (typeof message === 'function') {
			void loadErrorWords()
				.catch(() => undefined)
				.then(() => this.show(message(), kind, options));
			return;
		}
		const { ms = kind === 'error' ? 12000 : 4000, cause } = options;
		const id = this.#next++;
		const others = cause ? this.toasts.filter((t) => t.cause !== cause) : this.toasts;
		this.toasts = [...others, { id, kind, message, ...(cause ? { cause } : {}) }];
		setTimeout(() => this.dismiss(id), ms);
	}
	dismiss(id: number) {
		this.toasts = this.toasts.filter((t) => t.id !== id);
	}
	/** The cause is gone (back online, a sync went through, space was freed): its toasts go too. */
	clear(cause: ToastCause) {
		if (this.toasts.some((t) => t.cause === cause)) this.toasts = this.toasts.filter((t) => t.cause !== cause);
	}
	reset() {
		this.toasts = [];
	}
}

export const notifier = new Notifier();

/**
 * zod's validation error, known by its name and issues rather than `instanceof`: importing the
 * class would load zod with every page's first paint (issue 20), and only actions, loaded later,
 * ever throw one.
 */
function isZodError(err: unknown): err is ZodError {
	return err instanceof Error && err.name === 'ZodError' && Array.isArray((err as { issues?: unknown }).issues);
}

export function messageFor(err: unknown): string {
	if (err instanceof StorageError)
		return { quota: m.error_storage_quota, connection: m.error_storage_connection, unknown: m.error_storage_unknown }[err.problem]();
	if (err instanceof NotEditableError) return m.error_record_finished();
	if (err instanceof NotAllowedError || err instanceof RuleRefusedError) return errorText(err.code);
	if (err instanceof RecordIncompleteError)
		return err.refusal.code === 'items_unanswered' ? m.error_items_unanswered({ count: err.refusal.count }) : errorText(err.refusal.code);
	if (isZodError(err)) {
		// The field in words when it has some, else not named: never a path like `unitReps.0.name`.
		const issue = err.issues[0];
		const detail = issue ? validationText(issue) : '';
		const field = issue ? fieldText(issue.path) : null;
		return field ? m.error_invalid_data({ field, detail }) : m.error_invalid_data_unnamed({ detail });
	}
	return m.error_unexpected();
}

/** The cause an error's toast ends with: no room to store, or no server to answer. */
export function causeOf(err: unknown): ToastCause | undefined {
	if (err instanceof StorageError) return err.problem === 'quota' ? 'storage' : undefined;
	const code = (err as { code?: unknown } | null)?.code;
	return code === 'offline' || code === 'admin_offline' ? 'offline' : undefined;
}

/**
 * Runs a user action; on failure logs, shows a toast and returns false. `describe` puts the
 * error into words (admin screens pass one that also knows the admin API's errors).
 */
export async function attempt(action: () => Promise<unknown>, describe: (err: unknown) => string = messageFor): Promise<boolean> {
	try {
		await action();
		return true;
	} catch (err) {
		console.error('[action failed]', err);
		// The words load after the first view (errors.ts); a refusal in the first moment waits for them.
		await loadErrorWords().catch(() => undefined);
		notifier.show(describe(err), 'error', { cause: causeOf(err) });
		return false;
	}
}
