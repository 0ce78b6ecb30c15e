/** Turns generated finding candidates plus the inspector's edits into the findings of the record. */
import type { Finding, FindingDraft } from './inspection';
import { deadlineFor, type FindingCandidate } from './scoring';

export type RecordFinding = Omit<Finding, 'id' | 'inspectionId'>;

/**
 * The inspector's recommendation and deadline win where given; otherwise the template's
 * remediation text and a deadline counted from the inspection's start date.
 */
export function finalizeFindings(
	candidates: FindingCandidate[],
	drafts: Pick<FindingDraft, 'itemId' | 'recommendation' | 'deadline'>[],
	startedAt: string
): RecordFinding[] {
	const byItem = new Map(drafts.map((d) => [d.itemId, d]));
	return candidates.map((c) => {
		const d = byItem.get(c.itemId);
		return {
			itemId: c.itemId,
			sectionId: c.sectionId,
			title: c.title,
			detail: c.detail,
			officerIds: c.officerIds,
			critical: c.critical,
			legal: c.legal,
			recommendation: d?.recommendation.trim() ? d.recommendation : c.recommendation,
			deadline: d?.deadline ?? deadlineFor(startedAt, c.deadlineDays)
		};
	});
}
