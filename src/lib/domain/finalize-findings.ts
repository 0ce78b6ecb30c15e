/** Turns generated finding candidates plus the inspector's edits into the findings of the record. */
import type { Finding, FindingDraft } from './inspection';
import type { FindingSeverity } from './review';
import { deadlineFor, type FindingCandidate } from './scoring';

export type RecordFinding = Omit<Finding, 'id' | 'inspectionId'>;

/** A finding of the record with its id when it was already a finding of an earlier submission. */
export type FinalFinding = RecordFinding & {
	/** The earlier submission's finding id for this item: kept, so its review history stays with it. */
	id?: string;
	/** What the reviewer set during an earlier review, shown as theirs and kept over defaults and drafts. */
	adjusted?: { deadline?: string; severity?: FindingSeverity; recommendation?: string; detail?: string; by?: string };
};

/** What an earlier submission left: its findings and the reviewer's adjustments to them. */
export interface EarlierReview {
	findings: readonly Pick<Finding, 'id' | 'itemId'>[];
	/** `adjusted` finding events (review-events.ts), any order. */
	adjustments: readonly {
		findingId: string;
		at: string;
		id: string;
		severity?: FindingSeverity;
		deadline?: string;
		recommendation?: string;
		detail?: string;
		actorName?: string;
	}[];
}

/** The latest reviewer value of each adjusted field, per finding id (device and server alike). */
export function reviewerValues(adjustments: EarlierReview['adjustments']): Map<string, NonNullable<FinalFinding['adjusted']>> {
	const byFinding = new Map<string, NonNullable<FinalFinding['adjusted']>>();
	const ordered = [...adjustments].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
	for (const e of ordered) {
		const current = byFinding.get(e.findingId) ?? {};
		byFinding.set(e.findingId, {
			...current,
			...(e.deadline ? { deadline: e.deadline } : {}),
			...(e.severity ? { severity: e.severity } : {}),
			...(e.recommendation !== undefined ? { recommendation: e.recommendation } : {}),
			...(e.detail !== undefined ? { detail: e.detail } : {}),
			...(e.actorName ? { by: e.actorName } : {})
		});
	}
	return byFinding;
}

const isReviewerChange = (a: NonNullable<FinalFinding['adjusted']>) =>
	a.deadline !== undefined || a.severity !== undefined || a.recommendation !== undefined || a.detail !== undefined;

/**
 * The findings as the record will state them, in template order (the candidates' order):
 * - the recommendation is the reviewer's where a reviewer rewrote it during an earlier review
 *   (the inspector cannot overwrite it: the reviewer's word stands until the next review), else
 *   the inspector's own text where they typed one (a blank draft keeps the template's remediation
 *   text: a default never replaces typed text); the detail likewise is the reviewer's or the
 *   generated one;
 * - the deadline is the reviewer's where a reviewer adjusted it during an earlier review, else
 *   the inspector's, else counted from the inspection's start date;
 * - severity is the reviewer's where adjusted, else the template's;
 * - a finding for an item that was already a finding keeps its id, so the review history
 *   (who changed what) stays attached across return → correction → resubmission.
 */
export function finalizeFindings(
	candidates: FindingCandidate[],
	drafts: Pick<FindingDraft, 'itemId' | 'recommendation' | 'deadline'>[],
	startedAt: string,
	earlier?: EarlierReview
): FinalFinding[] {
	const byItem = new Map(drafts.map((d) => [d.itemId, d]));
	const earlierByItem = new Map((earlier?.findings ?? []).map((f) => [f.itemId, f.id]));
	const reviewer = reviewerValues(earlier?.adjustments ?? []);
	return candidates.map((c) => {
		const d = byItem.get(c.itemId);
		const id = earlierByItem.get(c.itemId);
		const adjusted = id ? reviewer.get(id) : undefined;
		return {
			itemId: c.itemId,
			sectionId: c.sectionId,
			title: c.title,
			detail: adjusted?.detail ?? c.detail,
			officerIds: c.officerIds,
			critical: adjusted?.severity ? adjusted.severity === 'critical' : c.critical,
			legal: c.legal,
			recommendation: adjusted?.recommendation ?? (d?.recommendation.trim() ? d.recommendation : c.recommendation),
			deadline: adjusted?.deadline ?? d?.deadline ?? deadlineFor(startedAt, c.deadlineDays),
			...(id ? { id } : {}),
			...(adjusted && isReviewerChange(adjusted) ? { adjusted } : {})
		};
	});
}

/** The record's findings without the device-only extras, as submitted and fingerprinted. */
export const recordFindingOf = ({ id: _id, adjusted: _adjusted, ...f }: FinalFinding): RecordFinding => f;

/**
 * The first field of a resubmitted finding that departs from what the reviewer set during an
 * earlier review, or null. The server refuses such a submission (`reviewer_adjustment_changed`):
 * the device keeps the reviewer's values (finalizeFindings), so only a device that bypassed that
 * would send one.
 */
export function departsFromReviewer(
	finding: Pick<Finding, 'deadline' | 'critical' | 'recommendation' | 'detail'>,
	adjusted: NonNullable<FinalFinding['adjusted']>
): 'deadline' | 'critical' | 'recommendation' | 'detail' | null {
	if (adjusted.deadline !== undefined && finding.deadline !== adjusted.deadline) return 'deadline';
	if (adjusted.severity !== undefined && finding.critical !== (adjusted.severity === 'critical')) return 'critical';
	if (adjusted.recommendation !== undefined && finding.recommendation.trim() !== adjusted.recommendation.trim()) return 'recommendation';
	if (adjusted.detail !== undefined && finding.detail.trim() !== adjusted.detail.trim()) return 'detail';
	return null;
}
