/**
 * Speed aids for the inspector in the field (issue 20): which slots "Tất cả mục còn lại trong
 * phần này: Đạt" answers, and which slot "next unanswered" jumps to. Pure, over the template's
 * section and the record's score.
 */
import type { AnswerValue } from './inspection';
import type { InspectionScore } from './scoring';
import type { TemplateSection } from './template';

export interface SlotRef {
	sectionId: string;
	itemId: string;
	/** '' for an item not answered per officer. */
	officerId: string;
}

/**
 * The slots "all remaining pass" answers in a section: every pass/fail item's slot (for each
 * officer when the item is answered per officer) with no answer of its kind yet. Figures (counts,
 * samples, numbers), choices and texts are never guessed: they stay for the inspector to give.
 */
export function restOfSectionPassSlots(
	section: Pick<TemplateSection, 'id' | 'items'>,
	officerIds: readonly string[],
	valueOf: (itemId: string, officerId: string) => AnswerValue | null | undefined
): SlotRef[] {
	const slots: SlotRef[] = [];
	for (const item of section.items) {
		if (item.kind !== 'pass') continue;
		for (const officerId of item.perOfficer ? officerIds : ['']) {
			const value = valueOf(item.id, officerId);
			// An answer of another kind (the template changed under it) counts as unanswered, as in scoring.
			if (!value || (value.kind !== 'pass' && value.kind !== 'na')) slots.push({ sectionId: section.id, itemId: item.id, officerId });
		}
	}
	return slots;
}

/** Every slot still unanswered, in template order (sections, items, officers as the record lists them). */
export function unansweredSlots(
	score: Pick<InspectionScore, 'sections'>,
	writable: (sectionId: string) => boolean = () => true
): SlotRef[] {
	const out: SlotRef[] = [];
	for (const section of score.sections) {
		if (!writable(section.sectionId)) continue;
		for (const item of section.items) {
			const slots = item.officers ?? [{ officerId: '', outcome: item.outcome }];
			for (const s of slots)
				if (s.outcome === 'unanswered') out.push({ sectionId: section.sectionId, itemId: item.itemId, officerId: s.officerId });
		}
	}
	return out;
}

/**
 * The slot "next unanswered" goes to. From `after` (the slot the inspector was last at): the
 * next unanswered slot of the same section, then its earlier ones (the section is finished before
 * the jump leaves it), then the first in the sections after it, wrapping round the record.
 * `after` itself is skipped even when still unanswered, so a slot left for later does not hold
 * the jump. `after` absent (or no longer a slot): the first unanswered slot.
 */
export function nextUnanswered(
	score: Pick<InspectionScore, 'sections'>,
	after: Pick<SlotRef, 'itemId' | 'officerId'> | null,
	writable?: (sectionId: string) => boolean
): SlotRef | null {
	const open = unansweredSlots(score, writable);
	if (open.length === 0) return null;
	const order = slotOrder(score);
	const at = after ? order.position.get(slotId(after)) : undefined;
	if (at === undefined) return open[0]!;
	const here = order.sectionOf.get(slotId(after!));
	const position = (s: SlotRef) => order.position.get(slotId(s))!;
	return (
		open.find((s) => s.sectionId === here && position(s) > at) ??
		open.find((s) => s.sectionId === here && position(s) < at) ??
		open.find((s) => position(s) > at) ??
		open[0]!
	);
}

export const slotId = (s: Pick<SlotRef, 'itemId' | 'officerId'>) => `${s.itemId}|${s.officerId}`;

/** Every slot's place in template order, and its section. */
function slotOrder(score: Pick<InspectionScore, 'sections'>) {
	const position = new Map<string, number>();
	const sectionOf = new Map<string, string>();
	for (const section of score.sections)
		for (const item of section.items)
			for (const s of item.officers ?? [{ officerId: '' }]) {
				const id = slotId({ itemId: item.itemId, officerId: s.officerId });
				position.set(id, position.size);
				sectionOf.set(id, section.sectionId);
			}
	return { position, sectionOf };
}

/** One section's answers given by the confirmed "all remaining pass", for the record's annex. */
export interface RestPassSummary {
	sectionId: string;
	count: number;
	/** Items in template order, each with how many officers' answers it carries (0: not per officer). */
	items: { itemId: string; officers: number }[];
	/** Who confirmed (the answers' authors, '' when not recorded), first-come order. */
	authors: string[];
	firstAt: string;
}

/** Per section (in the order given), the answers marked `via: 'section_rest_pass'`; sections with none are left out. */
export function restPassSummary(
	sectionIds: readonly string[],
	answers: readonly { itemId: string; officerId: string; via?: string; answeredBy: string; answeredAt: string }[]
): RestPassSummary[] {
	const byItemOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
	return sectionIds.flatMap((sectionId) => {
		const given = answers
			.filter((a) => a.via === 'section_rest_pass' && a.itemId[0] === sectionId)
			.sort((a, b) => (a.answeredAt < b.answeredAt ? -1 : a.answeredAt > b.answeredAt ? 1 : 0));
		if (given.length === 0) return [];
		const itemIds = [...new Set(given.map((a) => a.itemId))].sort(byItemOrder);
		return [
			{
				sectionId,
				count: given.length,
				items: itemIds.map((itemId) => ({ itemId, officers: given.filter((a) => a.itemId === itemId && a.officerId).length })),
				authors: [...new Set(given.map((a) => a.answeredBy))],
				firstAt: given[0]!.answeredAt
			}
		];
	});
}
