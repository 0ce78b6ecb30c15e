/** The one place UI errors go: logged in English for developers, shown in Vietnamese. */
import { ZodError } from 'zod';
import { StorageError } from '$lib/local/storage-guard';
import { NotEditableError, RecordIncompleteError } from '$lib/local/inspection-actions';
import { NotAllowedError, RuleRefusedError } from '$lib/local/action-errors';
import { errorText, loadErrorWords, validationText } from './errors';
import { m } from './i18n.svelte';

export interface Toast {
	id: number;
	kind: 'error' | 'info';
	message: string;
}

class Notifier {
	toasts = $state<Toast[]>([]);
	#next = 1;

	/**
	 * `message` as a function when it puts an error code into words (errors.ts): the toast then
	 * waits for the words, which load only when first needed, rather than show the generic text.
	 */
	show(message: string | (() => string), kind: Toast['kind'] = 'info', ms = kind === 'error' ? 12000 : 4000) {
		if (typeof message === 'function') {
			void loadErrorWords()
				.catch(() => undefined)
				.then(() => this.show(message(), kind, ms));
			return;
		}
		const id = this.#next++;
		this.toasts.push({ id, kind, message });
		setTimeout(() => this.dismiss(id), ms);
	}
	dismiss(id: number) {
		this.toasts = this.toasts.filter((t) => t.id !== id);
	}
	reset() {
		this.toasts = [];
	}
}

export const notifier = new Notifier();

export function messageFor(err: unknown): string {
	if (err instanceof StorageError)
		return { quota: m.error_storage_quota, connection: m.error_storage_connection, unknown: m.error_storage_unknown }[err.problem]();
	if (err instanceof NotEditableError) return m.error_record_finished();
	if (err instanceof NotAllowedError || err instanceof RuleRefusedError) return errorText(err.code);
	if (err instanceof RecordIncompleteError)
		return err.refusal.code === 'items_unanswered' ? m.error_items_unanswered({ count: err.refusal.count }) : errorText(err.refusal.code);
	if (err instanceof ZodError) {
		const issue = err.issues[0];
		return m.error_invalid_data({
			field: issue?.path.join('.') || m.error_invalid_data_form(),
			detail: issue ? validationText(issue) : ''
		});
	}
	return m.error_unexpected();
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
		notifier.show(describe(err), 'error');
		return false;
	}
}
