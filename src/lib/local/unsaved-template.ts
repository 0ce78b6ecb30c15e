/**
 * Edits to a draft template not yet saved to the server, kept on this device (localStorage) as
 * they are typed: a reload, a crash or a closed tab does not lose an afternoon of rewording.
 * Keyed by account and version, so two admins sharing a computer do not see each other's.
 */
import type { Template } from '$lib/domain/template';
import type { TemplateKey } from '$lib/domain/template-versions';

export interface UnsavedTemplate {
	/** The server's `updatedAt` of the draft the edits were made on. */
	basedOn: string;
	template: Template;
	keptAt: string;
}

const storageKey = (userId: string, key: TemplateKey) => `kiem-tra-mot-cua:template-draft:${userId}:${key.templateId}@${key.version}`;

export function keepUnsaved(userId: string, key: TemplateKey, unsaved: UnsavedTemplate): void {
	try {
		localStorage.setItem(storageKey(userId, key), JSON.stringify(unsaved));
	} catch (err) {
		// Storage full or refused: the edits stay on the page and can still be saved.
		console.warn('[template draft] could not keep unsaved edits', err);
	}
}

export function readUnsaved(userId: string, key: TemplateKey): UnsavedTemplate | null {
	try {
		const raw = localStorage.getItem(storageKey(userId, key));
		return raw ? (JSON.parse(raw) as UnsavedTemplate) : null;
	} catch {
		return null;
	}
}

export function dropUnsaved(userId: string, key: TemplateKey): void {
	localStorage.removeItem(storageKey(userId, key));
}
