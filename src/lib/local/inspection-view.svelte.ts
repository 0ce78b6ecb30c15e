/**
 * Everything the inspection screens show, derived from one live read of the device database:
 * the record, its template, answers indexed by slot, photos by slot, and the scores. Shared by
 * the inspection's pages through context, so the data is read once per change. Read from the
 * signed-in user's database (session.svelte.ts).
 */
import { getContext, setContext } from 'svelte';
import type { InspectionScore } from '$lib/domain/scoring';
import type { PhotoMeta } from '$lib/domain/inspection';
import { memberName, openConflicts, teamBlockers, teamUserIds, type TeamBlockers } from '$lib/domain/team-board';
import type { AnswerConflict } from '$lib/domain/team-record';
import { recordState, type RecordState } from '$lib/domain/record-state';
import type { FinalFinding } from '$lib/domain/finalize-findings';
import type { RecordCoverage } from '$lib/domain/completeness';
import type { Template } from '$lib/domain/template';
import { Live } from './live.svelte';
import { SignedFingerprint } from './signed-fingerprint.svelte';
import { loadInspectionBundle, type InspectionBundle } from './inspection-queries';
import { loadedTemplate } from './template-cache';
import type { LocalAnswer } from './app-db';

export const slotKey = (itemId: string | null, officerId: string) => `${itemId ?? ''}|${officerId}`;

export class InspectionView {
	readonly id: string;
	readonly #live: Live<InspectionBundle | null>;
	readonly #viewerId: string | undefined;

	/**
	 * `viewerId`: who is looking. A record someone else writes is read only, except, for an account
	 * on its team, the sections they hold (issue 17, `canWriteSection`).
	 */
	constructor(id: string, viewerId?: string) {
		this.id = id;
		this.#viewerId = viewerId;
		// Shown from IndexedDB directly at first paint, live through Dexie once it has loaded.
		this.#live = Live.early((db) => loadInspectionBundle(db, id));
	}

	get loaded() {
		return this.#live.loaded;
	}
	get bundle(): InspectionBundle | null {
		return this.#live.current ?? null;
	}

	/**
	 * The version the record pinned, as this device keeps it (template-cache.ts): read after the
	 * bundle loaded it, and kept out of the bundle's `$state` so it stays a plain object.
	 */
	template = $derived.by((): Template | null => {
		const b = this.bundle;
		return b?.hasTemplate ? loadedTemplate(b.inspection.templateId, b.inspection.templateVersion) : null;
	});

	answers = $derived.by(() => {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- built afresh on every derivation and never changed after it is returned: $derived is what makes it reactive
		const map = new Map<string, LocalAnswer>();
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

	/** Scores, coverage and the findings the record would state (record-state.ts). */
	record = $derived.by((): RecordState | null => {
		const b = this.bundle;
		const t = this.template;
		if (!b || !t) return null;
		return recordState({
			template: t,
			inspection: b.inspection,
			officers: b.officers,
			answers: b.answers,
			findingDrafts: b.findingDrafts,
			earlier: { findings: b.findings, adjustments: b.adjustments }
		});
	});

	get score(): InspectionScore | null {
		return this.record?.score ?? null;
	}
	get coverage(): RecordCoverage | null {
		return this.record?.coverage ?? null;
	}

	/**
	 * The findings the record states: while editable, as they would be submitted now (with the
	 * reviewer's earlier adjustments); once submitted, the record's own.
	 */
	findings = $derived.by((): FinalFinding[] => {
		if (!this.bundle) return [];
		return this.open ? (this.record?.findings ?? []) : this.bundle.findings.map(({ inspectionId: _inspectionId, ...f }) => f);
	});

	/** The fingerprint of the signed content as it stands: which signatures still cover it. */
	readonly signed = new SignedFingerprint(() => {
		const b = this.bundle;
		return b
			? { inspection: b.inspection, officers: b.officers, answers: b.answers, findings: this.findings, interviewAnnex: b.interviewAnnex }
			: null;
	});

	/** The viewer writes this record (always, when no viewer was named). */
	get mine(): boolean {
		return this.#viewerId === undefined || this.bundle?.inspection.createdBy === this.#viewerId;
	}

	/** Still being written (by whoever writes it): its findings are those it would submit now. */
	get open(): boolean {
		const s = this.bundle?.inspection.status;
		return s === 'draft' || s === 'returned';
	}

	get editable(): boolean {
		return this.mine && this.open;
	}

	// ── The team (issue 17) ──

	/** The viewer is on the record's team without writing it: they write only in sections they hold. */
	get member(): boolean {
		const b = this.bundle;
		return !!b && !this.mine && this.#viewerId !== undefined && teamUserIds(b.inspection.team).includes(this.#viewerId);
	}

	get viewerId(): string | undefined {
		return this.#viewerId;
	}

	/** The account holding `sectionId`, or null when it is free. */
	holderOf(sectionId: string): string | null {
		return this.bundle?.holdings.find((h) => h.sectionId === sectionId)?.userId ?? null;
	}

	/** May the viewer answer and photograph in `sectionId` now? The trưởng đoàn anywhere, a member where they hold it. */
	canWriteSection(sectionId: string): boolean {
		if (!this.open) return false;
		if (this.mine) return true;
		return this.member && this.holderOf(sectionId) === this.#viewerId;
	}

	/** A team account's name as the record's header gives it. */
	nameOf(userId: string): string {
		const i = this.bundle?.inspection;
		return i ? memberName(i.team, userId, i.createdBy) : userId;
	}

	/** Answers given twice differently, still waiting for the trưởng đoàn's choice. */
	get openConflicts(): AnswerConflict[] {
		return openConflicts(this.bundle?.conflicts ?? []);
	}

	/** What keeps the trưởng đoàn from finishing besides completeness and signatures. */
	teamBlockers = $derived.by((): TeamBlockers => {
		const b = this.bundle;
		if (!b) return { openConflicts: 0, outstanding: [] };
		return teamBlockers(b.inspection.createdBy, { holdings: b.holdings, answers: b.answers, parts: b.parts, conflicts: b.conflicts });
	});
}

const KEY = Symbol('inspection-view');
export const provideInspectionView = (v: InspectionView) => setContext(KEY, v);
export const useInspectionView = () => getContext<InspectionView>(KEY);
