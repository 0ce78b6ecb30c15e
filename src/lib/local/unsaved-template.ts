/**
 * Edits to a draft template not yet saved to the server, kept on this device (localStorage) as
 * they are typed: a reload, a crash or a closed tab does not lose an afternoon of rewording.
 * Keyed by account and version, so two admins sharing a computer do not see each other's.
 */
import type { Template } from '$lib/domain/template';
import type { TemplateKey } from '$lib/domain/template-versions';

export interface UnsavedTemplate<C = Template> {
	/** The server's `updatedAt` of the draft the edits were made on. */
	basedOn: string;
	/** The working copy: a checklist, or a questionnaire (issue 19). */
	template: C;
	keptAt: string;
}

const storageKey = (userId: string, key: TemplateKey) => `kiem-tra-mot-cua:template-draft:${userId}:${key.templateId}@${key.version}`;

export function keepUnsaved<C>(userId: string, key: TemplateKey, unsaved: UnsavedTemplate<C>): void {
	try {
		localStorage.setItem(storageKey(userId, key), JSON.stringify(unsaved));
	} catch (err) {
		// Storage full or refused: the edits stay on the page and can still be saved.
		console.warn('[template draft] could not keep unsaved edits', err);
	}
}

export function readUnsaved<C = Template>(userId: string, key: TemplateKey): UnsavedTemplate<C> | null {
	try {
		const raw = localStorage.getItem(storageKey(userId, key));
		return raw ? (JSON.parse(raw) as UnsavedTemplate<C>) : null;
	} catch {
		return null;
	}
}

export function dropUnsaved(userId: string, key: TemplateKey): void {
	localStorage.removeItem(storageKey(userId, key));
}
