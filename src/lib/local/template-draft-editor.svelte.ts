/**
 * The state of the draft being edited: the server's copy, the working copy the form binds to,
 * whether they differ, and what is wrong with the working copy (the shared schema of its kind,
 * checked as the admin types, and the server's refusal of the last save, by field path). One
 * class for both kinds of template (issue 19): a checklist's draft and a questionnaire's.
 */
import type { z } from 'zod';
import { questionnaireSchema, type Questionnaire } from '$lib/domain/questionnaire';
import { templateSchema, type Template } from '$lib/domain/template';
import type { TemplateVersionMeta } from '$lib/domain/template-versions';
import { AdminApiError } from './admin-api';
import { templateAdminApi } from './template-admin-api';
import { dropUnsaved, keepUnsaved, readUnsaved } from './unsaved-template';

/** Something wrong at a path of the template ('sections.1.items.0.text'; '' for the whole). */
export interface FieldProblem {
	path: string;
	/** zod's issue code, or the server's error code. */
	code: string;
	message: string;
	/** For a size problem: what was too small or too big ('string', 'array', 'number'). */
	origin?: string;
	minimum?: number;
	/** Set when the problem is the server's refusal, worded by its code. */
	fromServer?: boolean;
}

/** The server names the field inside the request body ({ template }); the form knows the template. */
const templatePath = (field: string) => field.replace(/^template\.?/, '');

/** What a draft's content has whatever its kind: the id, label and name it is stored under. */
type Content = { id: string; version: string; name: string };

/** A version whose content is of the kind this editor edits. */
export type EditedVersion<C> = TemplateVersionMeta & { template: C };

export class DraftEditor<C extends Content> {
	version = $state.raw<EditedVersion<C> | null>(null);
	template = $state<C | null>(null);
	/** When edits kept on this device were put back on opening (null: nothing restored). */
	restoredAt = $state<string | null>(null);
	/** The restored edits were made on an older save of the draft (someone saved it since). */
	restoredOverNewer = $state(false);
	saving = $state(false);
	/** Problems are shown once the admin has tried to save, not while a new item is still blank. */
	showProblems = $state(false);
	serverProblem = $state<FieldProblem | null>(null);
	#savedJson = $state('');
	#userId = '';

	constructor(private readonly schema: z.ZodType<C, unknown>) {}

	readonly dirty = $derived(this.template !== null && JSON.stringify(this.template) !== this.#savedJson);

	readonly problems: FieldProblem[] = $derived.by(() => {
		if (!this.template) return [];
		const parsed = this.schema.safeParse(this.template);
		const own = parsed.success
			? []
			: parsed.error.issues.map((i) => ({
					path: i.path.join('.'),
					code: i.code,
					message: i.message,
					origin: 'origin' in i ? String(i.origin) : undefined,
					minimum: 'minimum' in i ? Number(i.minimum) : undefined
				}));
		return this.serverProblem ? [this.serverProblem, ...own] : own;
	});

	/** Opens a version; a draft's unsaved edits kept on this device come back. */
	open(version: EditedVersion<C>, userId: string) {
		this.#userId = userId;
		this.version = version;
		this.#savedJson = JSON.stringify(version.template);
		const unsaved = version.status === 'draft' ? readUnsaved<C>(userId, version) : null;
		this.template = unsaved?.template ?? structuredClone(version.template);
		this.restoredAt = unsaved?.keptAt ?? null;
		this.restoredOverNewer = !!unsaved && unsaved.basedOn !== version.updatedAt;
		this.serverProblem = null;
		this.showProblems = false;
	}

	/** Called on every edit: keeps the working copy on the device while it differs from the saved one. */
	keep() {
		if (!this.version || !this.template || this.version.status !== 'draft') return;
		if (this.dirty)
			keepUnsaved(this.#userId, this.version, {
				basedOn: this.version.updatedAt,
				template: $state.snapshot<C>(this.template),
				// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp, not state
				keptAt: new Date().toISOString()
			});
		else dropUnsaved(this.#userId, this.version);
	}

	problemAt(path: string): FieldProblem | undefined {
		return this.showProblems ? this.problems.find((p) => p.path === path) : undefined;
	}

	hasProblemUnder(prefix: string): boolean {
		return this.showProblems && this.problems.some((p) => p.path === prefix || p.path.startsWith(`${prefix}.`));
	}

	/**
	 * Saves the working copy. Refused before sending when the schema already finds a problem;
	 * a refusal of the server is kept at its field. Other failures (offline) are thrown.
	 */
	async save(): Promise<boolean> {
		if (!this.version || !this.template) return false;
		this.showProblems = true;
		this.serverProblem = null;
		if (this.problems.length > 0) return false;
		this.saving = true;
		try {
			// The server answers with the draft's own kind, the one this editor was opened on.
			const saved = (await templateAdminApi.saveDraft(
				this.version,
				$state.snapshot<C>(this.template) as C & AdminContent
			)) as unknown as EditedVersion<C>;
			this.version = saved;
			this.#savedJson = JSON.stringify(saved.template);
			this.template = structuredClone(saved.template);
			this.restoredAt = null;
			dropUnsaved(this.#userId, saved);
			this.showProblems = false;
			return true;
		} catch (err) {
			if (err instanceof AdminApiError && err.status === 400) {
				this.serverProblem = { path: templatePath(err.field ?? ''), code: err.code, message: err.message, fromServer: true };
				return false;
			}
			throw err;
		} finally {
			this.saving = false;
		}
	}

	/** Drops the unsaved edits and goes back to the server's copy. */
	discard() {
		if (!this.version) return;
		dropUnsaved(this.#userId, this.version);
		this.open(this.version, this.#userId);
	}

	/** Replaces the server's copy after a publish, retire or reload. */
	replace(version: EditedVersion<C>) {
		this.open(version, this.#userId);
	}
}

type AdminContent = Template | Questionnaire;

/** The checklist's draft (templateSchema). */
export class TemplateDraftEditor extends DraftEditor<Template> {
	constructor() {
		super(templateSchema);
	}
}

/** A questionnaire's draft (questionnaireSchema, issue 19). */
export class QuestionnaireDraftEditor extends DraftEditor<Questionnaire> {
	constructor() {
		super(questionnaireSchema);
	}
}
