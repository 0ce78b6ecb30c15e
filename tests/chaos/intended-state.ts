/**
 * What one simulated inspector believes the record is: its own local model, updated as it
 * makes each mutation, exactly as the device's IndexedDB would be. The chaos test's expected
 * server state is the union of these models — never anything read back from the server.
 *
 * Besides the state, each mutation's intended effect is written down: the status the server
 * must answer, how many change rows it must add to the pull feed, and (where one exists) the
 * single change row that proves it was applied. Counting that row on the server tells "applied
 * once" from "lost" (none) and "applied twice" (more than one).
 */
import type { Answer, FindingDraft, Finding, Inspection, Officer, PhotoMeta } from '$lib/domain/inspection';
import type { Mutation, MutationArgs } from '$lib/domain/mutations';

export interface IntendedEffect {
	status: 'applied' | 'conflict';
	/** Change rows the server's feed must gain from this mutation. */
	changes: number;
	/** The change row (see changeSignature) that only this mutation produces; null when none does. */
	signature: string | null;
}

/** Keys as the pull feed names entities: `${entity}:${entityId}` (entityId as the protocol writes it). */
export const entityKey = {
	inspection: (id: string) => `inspection:${id}`,
	officer: (id: string) => `officer:${id}`,
	answer: (a: { inspectionId: string; itemId: string; officerId: string }) => `answer:${a.inspectionId}/${a.itemId}/${a.officerId}`,
	photo: (id: string) => `photo:${id}`,
	findingDraft: (d: { inspectionId: string; itemId: string }) => `findingDraft:${d.inspectionId}/${d.itemId}`,
	finding: (id: string) => `finding:${id}`
};

export interface FeedChange {
	entity: string;
	entityId: string;
	op: string;
	data: unknown;
}

/**
 * A name for a change row that, for the rows a mutation is identified by, is unique to that
 * mutation: answers and finding drafts by their note / recommendation (the workload makes each
 * one unique), inspections by id and status (created as draft once, submitted once), officers
 * and photos by id and op.
 */
export function changeSignature(change: FeedChange): string {
	const data = (change.data ?? {}) as Record<string, unknown>;
	if (change.op === 'upsert' && change.entity === 'answer') return `answer:upsert:${String(data.note)}`;
	if (change.op === 'upsert' && change.entity === 'findingDraft') return `findingDraft:upsert:${String(data.recommendation)}`;
	if (change.entity === 'inspection') return `inspection:${change.op}:${change.entityId}:${String(data.status)}`;
	return `${change.entity}:${change.op}:${change.entityId}`;
}

/** One inspection as this device holds it. */
export interface InspectionModel {
	doc: Inspection;
	officers: Map<string, Officer>;
	/** By `${itemId}/${officerId}`. */
	answers: Map<string, Answer>;
	photos: Map<string, PhotoMeta>;
	/** By itemId. */
	drafts: Map<string, FindingDraft>;
	findings: Map<string, Finding>;
}

export class InspectorModel {
	readonly inspections = new Map<string, InspectionModel>();

	/** `ownerUserId`: the signed-in user, whom the server makes the owner of new inspections. */
	constructor(readonly ownerUserId: string) {}

	/** Applies one of this device's own mutations locally and says what the server must do with it. */
	apply(mutation: Mutation): IntendedEffect {
		switch (mutation.name) {
			case 'createInspection':
				return this.#create(mutation.args);
			case 'addOfficer':
				return this.#editDraft(mutation.args.inspectionId, (model) => {
					model.officers.set(mutation.args.id, mutation.args);
					return { changes: 1, signature: `officer:upsert:${mutation.args.id}` };
				});
			case 'removeOfficer':
				return this.#editDraft(mutation.args.inspectionId, (model) => this.#removeOfficer(model, mutation.args));
			case 'answerItem':
				return this.#editDraft(mutation.args.inspectionId, (model) => this.#answer(model, mutation.args));
			case 'attachPhoto':
				return this.#editDraft(mutation.args.inspectionId, (model) => {
					model.photos.set(mutation.args.id, mutation.args);
					return { changes: 1, signature: `photo:upsert:${mutation.args.id}` };
				});
			case 'setFindingDraft':
				return this.#editDraft(mutation.args.inspectionId, (model) => {
					model.drafts.set(mutation.args.itemId, mutation.args);
					return { changes: 1, signature: `findingDraft:upsert:${mutation.args.recommendation}` };
				});
			case 'submitInspection':
				return this.#editDraft(mutation.args.inspectionId, (model) => this.#submit(model, mutation.args));
			default:
				throw new Error(`the chaos workload does not make ${mutation.name}`);
		}
	}

	#create(args: MutationArgs<'createInspection'>): IntendedEffect {
		// The server owns createdBy (docs: "sets createdBy … whatever the device sent").
		const doc: Inspection = { ...args, createdBy: this.ownerUserId, status: 'draft', endedAt: null };
		this.inspections.set(args.id, {
			doc,
			officers: new Map(),
			answers: new Map(),
			photos: new Map(),
			drafts: new Map(),
			findings: new Map()
		});
		return { status: 'applied', changes: 1, signature: `inspection:upsert:${args.id}:draft` };
	}

	/** Edits are applied only to drafts; on a submitted record the server answers conflict. */
	#editDraft(inspectionId: string, edit: (model: InspectionModel) => Omit<IntendedEffect, 'status'>): IntendedEffect {
		const model = this.inspections.get(inspectionId);
		if (!model) throw new Error(`workload bug: edit of unknown inspection ${inspectionId}`);
		if (model.doc.status !== 'draft') return { status: 'conflict', changes: 0, signature: null };
		return { status: 'applied', ...edit(model) };
	}

	/** The officer goes with their answers and photos, one tombstone each. */
	#removeOfficer(model: InspectionModel, args: MutationArgs<'removeOfficer'>): Omit<IntendedEffect, 'status'> {
		if (!model.officers.delete(args.officerId)) return { changes: 0, signature: null };
		let changes = 1;
		for (const [key, answer] of model.answers) {
			if (answer.officerId === args.officerId) {
				model.answers.delete(key);
				changes++;
			}
		}
		for (const [id, photo] of model.photos) {
			if (photo.officerId === args.officerId) {
				model.photos.delete(id);
				changes++;
			}
		}
		return { changes, signature: `officer:delete:${args.officerId}` };
	}

	/** No value and a blank note clears the slot (a tombstone only if there was an answer). */
	#answer(model: InspectionModel, args: MutationArgs<'answerItem'>): Omit<IntendedEffect, 'status'> {
		const slot = `${args.itemId}/${args.officerId}`;
		if (args.value === null && args.note.trim() === '') {
			return { changes: model.answers.delete(slot) ? 1 : 0, signature: null };
		}
		model.answers.set(slot, args);
		return { changes: 1, signature: `answer:upsert:${args.note}` };
	}

	#submit(model: InspectionModel, args: MutationArgs<'submitInspection'>): Omit<IntendedEffect, 'status'> {
		const replaced = model.findings.size;
		model.findings = new Map(args.findings.map((f) => [f.id, f]));
		model.doc = { ...model.doc, status: 'submitted', endedAt: args.endedAt };
		return { changes: replaced + args.findings.length + 1, signature: `inspection:upsert:${args.inspectionId}:submitted` };
	}

	/** This device's share of the intended server state, keyed like the pull feed. */
	entities(into: Map<string, unknown> = new Map()): Map<string, unknown> {
		for (const model of this.inspections.values()) {
			into.set(entityKey.inspection(model.doc.id), model.doc);
			for (const officer of model.officers.values()) into.set(entityKey.officer(officer.id), officer);
			for (const answer of model.answers.values()) into.set(entityKey.answer(answer), answer);
			for (const photo of model.photos.values()) into.set(entityKey.photo(photo.id), photo);
			for (const draft of model.drafts.values()) into.set(entityKey.findingDraft(draft), draft);
			for (const finding of model.findings.values()) into.set(entityKey.finding(finding.id), finding);
		}
		return into;
	}
}
