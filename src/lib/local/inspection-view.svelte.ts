/**
 * Everything the inspection screens show, derived from one live read of the device database:
 * the record, its template, answers indexed by slot, photos by slot, and the scores. Shared by
 * the inspection's pages through context, so the data is read once per change.
 */
import { getContext, setContext } from 'svelte';
import { getTemplate } from '$lib/templates';
import { scoreInspection, generateFindings, type InspectionScore, type FindingCandidate } from '$lib/domain/scoring';
import type { Answer, PhotoMeta } from '$lib/domain/inspection';
import type { Template } from '$lib/domain/template';
import { Live } from './live.svelte';
import { loadInspectionBundle, type InspectionBundle } from './inspection-queries';
import type { AppDb } from './app-db';

export const slotKey = (itemId: string | null, officerId: string) => `${itemId ?? ''}|${officerId}`;

export class InspectionView {
	readonly id: string;
	readonly #live: Live<InspectionBundle | null>;

	constructor(db: AppDb, id: string) {
		this.id = id;
		this.#live = new Live(() => loadInspectionBundle(db, id));
	}

	get loaded() {
		return this.#live.loaded;
	}
	get bundle(): InspectionBundle | null {
		return this.#live.current ?? null;
	}

	template = $derived.by((): Template | null => {
		const i = this.bundle?.inspection;
		return i ? (getTemplate(i.templateId, i.templateVersion) ?? null) : null;
	});

	answers = $derived.by(() => {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- built afresh on every derivation and never changed after it is returned: $derived is what makes it reactive
		const map = new Map<string, Answer>();
		for (const a of this.bundle?.answers ?? []) map.set(slotKey(a.itemId, a.officerId), a);
		return map;
	});

	photos = $derived.by(() => {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- built afresh on every derivation and never changed after it is returned: $derived is what makes it reactive
		const map = new Map<string, PhotoMeta[]>();
		for (const p of this.bundle?.photos ?? []) {
			const k = slotKey(p.itemId, p.officerId);
			map.set(k, [...(map.get(k) ?? []), p]);
		}
		return map;
	});

	score = $derived.by((): InspectionScore | null => {
		const b = this.bundle;
		const t = this.template;
		if (!b || !t) return null;
		return scoreInspection({ template: t, sectionIds: b.inspection.sectionIds, officers: b.officers, answers: b.answers });
	});

	findingCandidates = $derived.by((): FindingCandidate[] => {
		const b = this.bundle;
		const t = this.template;
		if (!b || !t || !this.score) return [];
		return generateFindings({ template: t, sectionIds: b.inspection.sectionIds, officers: b.officers, answers: b.answers }, this.score);
	});

	get editable(): boolean {
		const s = this.bundle?.inspection.status;
		return s === 'draft' || s === 'returned';
	}
}

const KEY = Symbol('inspection-view');
export const provideInspectionView = (v: InspectionView) => setContext(KEY, v);
export const useInspectionView = () => getContext<InspectionView>(KEY);
