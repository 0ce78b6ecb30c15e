/**
 * What a record may say, checked against the template version it pinned: which items and
 * sections exist, which kind of answer each item takes, which figures can be true, and how far a
 * finding's deadline may lie from the visit. Pure: the server refuses a mutation that breaks
 * one of these (docs/sync-protocol.md, "Rules the server enforces"); the device may run the same
 * checks before it queues one.
 */
import { addDays, vietnamDate } from './dates';
import type { AnswerValue } from './inspection';
import type { MutationErrorCode } from './protocol/errors';
import type { Template, TemplateItem, TemplateSection } from './template';

/** A broken rule: a stable code, the field at fault (relative to what was checked), an English sentence. */
export interface RuleProblem {
	code: MutationErrorCode;
	field: string;
	message: string;
}

/**
 * The latest deadline a finding may have: 366 days after the visit's date (one year, leap
 * years included). A remedy due later than that is not a remedy the record can follow up.
 */
export const MAX_DEADLINE_DAYS = 366;

export function findItem(template: Template, itemId: string): { item: TemplateItem; section: TemplateSection } | undefined {
	for (const section of template.sections) {
		const item = section.items.find((i) => i.id === itemId);
		if (item) return { item, section };
	}
	return undefined;
}

/** The first section id the template does not have, with its index; null when all exist. */
export function unknownSection(template: Template, sectionIds: readonly string[]): RuleProblem | null {
	const index = sectionIds.findIndex((id) => !template.sections.some((s) => s.id === id));
	if (index < 0) return null;
	return {
		code: 'unknown_section',
		field: `sectionIds.${index}`,
		message: `Template ${template.id} ${template.version} has no section ${sectionIds[index]}`
	};
}

export function unknownItem(template: Template, itemId: string, field = 'itemId'): RuleProblem | null {
	if (findItem(template, itemId)) return null;
	return { code: 'unknown_item', field, message: `Template ${template.id} ${template.version} has no item ${itemId}` };
}

/**
 * Is `value` an answer this item can take, with figures that can be true? `na` fits every item.
 * Negative figures and a sample with more passed than checked are refused by the answer schema
 * itself (the server answers those `impossible_count` too).
 */
export function checkAnswerValue(item: TemplateItem, value: AnswerValue | null): RuleProblem | null {
	if (value === null || value.kind === 'na') return null;
	if (value.kind !== item.kind) {
		return { code: 'wrong_value_kind', field: 'value.kind', message: `Item ${item.id} takes a ${item.kind} answer, not ${value.kind}` };
	}
	if (item.kind === 'count' && value.kind === 'count' && item.count.partOfWhole && value.numerator > value.denominator) {
		const message = `${item.count.numeratorLabel} (${value.numerator}) cannot exceed ${item.count.denominatorLabel} (${value.denominator})`;
		return { code: 'impossible_count', field: 'value.numerator', message };
	}
	if (item.kind === 'choice' && value.kind === 'choice' && !item.choice.options.some((o) => o.value === value.value)) {
		return { code: 'wrong_value_kind', field: 'value.value', message: `Item ${item.id} has no option ${value.value}` };
	}
	return null;
}

/** An answer to `itemId` of the template: the item must exist and take this kind of value. */
export function checkAnswer(template: Template, itemId: string, value: AnswerValue | null): RuleProblem | null {
	const found = findItem(template, itemId);
	return found ? checkAnswerValue(found.item, value) : unknownItem(template, itemId);
}

/**
 * The dates a finding's deadline may take for a visit that started at `startedAt`: from the
 * visit's date in Vietnam to MAX_DEADLINE_DAYS after it, both included. The server's rule
 * (checkDeadline) and the date inputs' `min`/`max` on the device read the same range.
 */
export function deadlineRange(startedAt: string): { min: string; max: string } {
	const min = vietnamDate(startedAt);
	return { min, max: addDays(min, MAX_DEADLINE_DAYS) };
}

/**
 * A finding's deadline (YYYY-MM-DD) against the visit: not before the visit's date in Vietnam,
 * at most MAX_DEADLINE_DAYS after it.
 */
export function checkDeadline(deadline: string, startedAt: string, field = 'deadline'): RuleProblem | null {
	const { min: visit, max: latest } = deadlineRange(startedAt);
	if (deadline < visit) {
		return { code: 'deadline_before_visit', field, message: `The deadline ${deadline} is before the visit on ${visit}` };
	}
	if (deadline > latest) {
		const message = `The deadline ${deadline} is more than ${MAX_DEADLINE_DAYS} days after the visit on ${visit} (at most ${latest})`;
		return { code: 'deadline_too_far', field, message };
	}
	return null;
}
