/**
 * Completeness of a record: how much of the checklist was actually checked, per section, and
 * whether the record may be finished. Pure and shared: the summary, the printed record and the
 * supervisor's queue show the same figures, and the device refuses to close a record with
 * unanswered items the same way everywhere.
 *
 * Every answer slot (an item, or an item for one officer) is exactly one of:
 * - checked: answered with a result (pass, fail, or an informational figure or text);
 * - notApplicable: không áp dụng / không quan sát được, or a count or sample of nothing;
 * - notCheckable: không kiểm tra được, with the reason the inspector gave;
 * - unanswered: no answer, or an answer that no longer fits the item.
 */
import type { AnswerValue } from './inspection';
import { answerSlots, itemOutcome, type InspectionScore, type ScoringInput } from './scoring';
import type { GradeBand } from './template';

export interface Coverage {
	checked: number;
	notApplicable: number;
	notCheckable: number;
	unanswered: number;
	/** Every slot of the enabled sections. */
	total: number;
}

export interface SectionCoverage extends Coverage {
	sectionId: string;
}

export interface RecordCoverage extends Coverage {
	sections: SectionCoverage[];
}

const empty = (): Coverage => ({ checked: 0, notApplicable: 0, notCheckable: 0, unanswered: 0, total: 0 });

const isNotCheckable = (value: AnswerValue | null | undefined) => value?.kind === 'na' && value.reason === 'not_checkable';

/** Coverage per enabled section (template order) and in total. */
export function recordCoverage(input: ScoringInput): RecordCoverage {
	const answers = new Map(input.answers.map((a) => [`${a.itemId}|${a.officerId}`, a.value]));
	const sections = new Map<string, SectionCoverage>();
	const total = empty();
	for (const slot of answerSlots(input.template, input.sectionIds, input.officers)) {
		const value = answers.get(`${slot.item.id}|${slot.officerId}`) ?? null;
		const outcome = itemOutcome(slot.item, value);
		const kind: keyof Omit<Coverage, 'total'> =
			outcome === 'unanswered' ? 'unanswered' : isNotCheckable(value) ? 'notCheckable' : outcome === 'na' ? 'notApplicable' : 'checked';
		const section = sections.get(slot.sectionId) ?? { sectionId: slot.sectionId, ...empty() };
		section[kind]++;
		section.total++;
		sections.set(slot.sectionId, section);
		total[kind]++;
		total.total++;
	}
	return { ...total, sections: [...sections.values()] };
}

/** Slots that apply to this visit: all but the not applicable ones. */
export const applicableSlots = (c: Coverage) => c.checked + c.notCheckable + c.unanswered;

/** Why a record may not be finished yet, as a code with its count; null when it may. */
export type CompletenessRefusal = { code: 'items_unanswered'; count: number } | { code: 'nothing_checked' };

/**
 * A record may be finished only when every slot is answered, marked not applicable, or marked
 * "không kiểm tra được" with a reason; and at least one item was actually checked (a record of
 * nothing but "cannot check" states no result and is not a record of an inspection).
 */
export function completenessRefusal(coverage: Coverage): CompletenessRefusal | null {
	if (coverage.unanswered > 0) return { code: 'items_unanswered', count: coverage.unanswered };
	if (coverage.checked === 0) return { code: 'nothing_checked' };
	return null;
}

/** The share of applicable slots that were checked; null when none applies. */
export function checkedShare(c: Coverage): number | null {
	const applicable = applicableSlots(c);
	return applicable === 0 ? null : c.checked / applicable;
}

/**
 * The grade the record may state: the scored grade when enough was checked (the version's
 * grading.minCheckedShare of the slots that apply), otherwise null (the
 * record then prints "không xếp loại" with its coverage). The score itself stays, printed over
 * the items checked.
 */
export function gradeToShow(score: Pick<InspectionScore, 'grade' | 'minCheckedShare'>, coverage: Coverage): GradeBand | null {
	const share = checkedShare(coverage);
	if (share === null || share < score.minCheckedShare - 1e-9) return null;
	return score.grade;
}
