// Scoring and finding generation for an inspection: pure functions over a template and its answers.
import type { GradeBand, LegalRef, PostingIndex, SipasFactor, Template, TemplateItem } from './template';
import type { Answer, AnswerValue } from './inspection';
import { addDays, vietnamDate } from './dates';

/** Outcome of one answer slot (one item, or one item for one officer). */
export type SlotOutcome = 'pass' | 'fail' | 'na' | 'unanswered' | 'info';

/** Outcome of an item; 'partial' only for per-officer items where some officers fail. */
export type ItemOutcome = SlotOutcome | 'partial';

/** One thing an inspection must answer: an item, for one officer when the item is per officer. */
export interface AnswerSlot {
	sectionId: string;
	item: TemplateItem;
	/** '' for items that are not per officer. */
	officerId: string;
}

export interface ItemScore {
	itemId: string;
	sectionId: string;
	critical: boolean;
	weight: number;
	outcome: ItemOutcome;
	/** 0..1; null when not applicable, unanswered or informational. */
	score: number | null;
	/** Per-officer items only, in the order the officers were given. */
	officers?: { officerId: string; outcome: SlotOutcome }[];
}

export interface SectionScore {
	sectionId: string;
	title: string;
	/** Weighted mean of the scored items; null when no item is scored. */
	score: number | null;
	/** Items that contribute to the score (outcome pass, fail or partial). */
	applicableItems: number;
	/** Items with outcome fail or partial, i.e. the ones that produce a finding. */
	failedItems: number;
	answeredSlots: number;
	totalSlots: number;
	items: ItemScore[];
}

export interface InspectionScore {
	sections: SectionScore[];
	overall: number | null;
	/** Grade after the critical cap. */
	grade: GradeBand | null;
	/** Grade from the overall score alone. */
	uncappedGrade: GradeBand | null;
	/** True when a critical failure made the grade worse than the score alone would. */
	cappedByCritical: boolean;
	/** Ids of critical items with a failure, in template order. */
	criticalFailures: string[];
	/** The version's grading.minCheckedShare: below it the grade is withheld (see gradeToShow). */
	minCheckedShare: number;
	answeredSlots: number;
	totalSlots: number;
	/**
	 * The version's posting index (version 1: Chỉ số 6 of Thông tư 01/2018/TT-VPCP Điều 13) with its
	 * points 0..2; null when the version has none or its two items were not both decided.
	 */
	postingIndex: (PostingIndex & { points: 0 | 1 | 2 }) | null;
}

/**
 * What scoring reads of an answer. Full {@link Answer} records fit; tests and previews may pass
 * just these fields.
 */
export type ScoringAnswer = Pick<Answer, 'itemId' | 'officerId' | 'value'> & Partial<Pick<Answer, 'note'>>;

export interface ScoringInput {
	template: Template;
	/** Enabled sections; unknown ids are ignored, order does not matter (template order rules). */
	sectionIds: string[];
	/** Officers observed, in display order. */
	officers: { id: string; name: string }[];
	answers: ScoringAnswer[];
}

/** A shortcoming proposed to the inspector; the deadline becomes a date at submission. */
export interface FindingCandidate {
	itemId: string;
	sectionId: string;
	/** The item text. */
	title: string;
	detail: string;
	/** Officers who failed a per-officer item; empty otherwise. */
	officerIds: string[];
	critical: boolean;
	legal: LegalRef[];
	/** item.remediation.text */
	recommendation: string;
	deadlineDays: number;
}

/**
 * Tolerance for comparing ratios and weighted means with thresholds: 4/5 against a threshold
 * typed as 0.8 is exact, but a threshold computed as 0.1 * 3 or a mean like (0.9 + 0.7) / 2 is
 * not, and an inspector must never lose a grade to the last bit of a double.
 */
const EPSILON = 1e-9;

const atLeast = (value: number, min: number) => value >= min - EPSILON;
const atMost = (value: number, max: number) => value <= max + EPSILON;

const slotKey = (itemId: string, officerId: string) => `${itemId}|${officerId}`;

/** The template's sections that are enabled, in template order. */
function enabledSections(template: Template, sectionIds: string[]) {
	const enabled = new Set(sectionIds);
	return template.sections.filter((s) => enabled.has(s.id));
}

/**
 * Indexes answers by `${itemId}|${officerId}` so scoring does O(1) work per slot. A key should
 * be unique (it is the IndexedDB key); if it is not, the later answer wins, like a put.
 */
function indexAnswers(answers: ScoringAnswer[]): Map<string, ScoringAnswer> {
	const map = new Map<string, ScoringAnswer>();
	for (const a of answers) map.set(slotKey(a.itemId, a.officerId), a);
	return map;
}

/**
 * Every slot an inspection must answer, in template order: sections listed in `sectionIds`
 * only; one slot with officerId '' per ordinary item; one slot per officer (in the order given)
 * per perOfficer item, so a perOfficer item has no slots when no officer is recorded.
 */
export function answerSlots(template: Template, sectionIds: string[], officers: { id: string }[]): AnswerSlot[] {
	const slots: AnswerSlot[] = [];
	for (const section of enabledSections(template, sectionIds))
		for (const item of section.items) {
			if (item.perOfficer) for (const o of officers) slots.push({ sectionId: section.id, item, officerId: o.id });
			else slots.push({ sectionId: section.id, item, officerId: '' });
		}
	return slots;
}

/**
 * The outcome of one answer to one item.
 *
 * - null (no answer yet) → 'unanswered'; a value of kind 'na' → 'na' for any item.
 * - A value of another kind than the item's → 'unanswered': the template changed under the
 *   answer, and the slot must be answered again rather than guessed.
 * - pass: the recorded result.
 * - count: denominator 0 → 'na' (nothing to count); otherwise pass when
 *   numerator / denominator ≥ item.count.threshold (within 1e-9).
 * - sample: size 0 → 'na'; otherwise pass only when every sampled thing passed.
 * - number: when passMin and/or passMax is set, pass when the value lies within them
 *   (inclusive); with neither set the figure is 'info'.
 * - text: 'info'.
 * - choice: the chosen option's `passes` (true → pass, false → fail, null → 'info'); a value
 *   that is not one of the options → 'unanswered' (options were edited).
 */
export function itemOutcome(item: TemplateItem, value: AnswerValue | null): SlotOutcome {
	if (value === null) return 'unanswered';
	if (value.kind === 'na') return 'na';
	switch (item.kind) {
		case 'pass':
			return value.kind === 'pass' ? value.result : 'unanswered';
		case 'count':
			if (value.kind !== 'count') return 'unanswered';
			if (value.denominator === 0) return 'na';
			return atLeast(value.numerator / value.denominator, item.count.threshold) ? 'pass' : 'fail';
		case 'sample':
			if (value.kind !== 'sample') return 'unanswered';
			if (value.size === 0) return 'na';
			// >= rather than ===: the schema forbids passed > size, but a raw record is not parsed.
			return value.passed >= value.size ? 'pass' : 'fail';
		case 'number': {
			if (value.kind !== 'number') return 'unanswered';
			const { passMin, passMax } = item.number;
			if (passMin === undefined && passMax === undefined) return 'info';
			const ok = (passMin === undefined || atLeast(value.value, passMin)) && (passMax === undefined || atMost(value.value, passMax));
			return ok ? 'pass' : 'fail';
		}
		case 'text':
			return value.kind === 'text' ? 'info' : 'unanswered';
		case 'choice': {
			if (value.kind !== 'choice') return 'unanswered';
			const option = item.choice.options.find((o) => o.value === value.value);
			if (!option) return 'unanswered';
			return option.passes === null ? 'info' : option.passes ? 'pass' : 'fail';
		}
	}
}

/** Score of a single (not per-officer) slot: pass 1, fail 0, anything else not scored. */
function slotScore(outcome: SlotOutcome): number | null {
	return outcome === 'pass' ? 1 : outcome === 'fail' ? 0 : null;
}

/** Weighted mean of the entries with a score; null when there are none. */
function weightedMean(entries: { weight: number; score: number | null }[]): number | null {
	let sum = 0;
	let weights = 0;
	for (const e of entries)
		if (e.score !== null) {
			sum += e.weight * e.score;
			weights += e.weight;
		}
	return weights > 0 ? sum / weights : null;
}

/**
 * Folds the officers' outcomes of a per-officer item into one item outcome and score.
 * The score is the share of passing officers among those answered pass or fail; officers still
 * unanswered do not dilute it. Without any pass/fail: any unanswered officer (or, failing
 * that, no officers at all / all officers na) decides between 'unanswered' and 'na';
 * otherwise the item is 'info'.
 */
function perOfficerResult(outcomes: SlotOutcome[]): { outcome: ItemOutcome; score: number | null } {
	let pass = 0;
	let fail = 0;
	let unanswered = 0;
	let na = 0;
	for (const o of outcomes) {
		if (o === 'pass') pass++;
		else if (o === 'fail') fail++;
		else if (o === 'unanswered') unanswered++;
		else if (o === 'na') na++;
	}
	if (pass + fail > 0) {
		const share = pass / (pass + fail);
		return { outcome: fail === 0 ? 'pass' : pass === 0 ? 'fail' : 'partial', score: share };
	}
	if (unanswered > 0) return { outcome: 'unanswered', score: null };
	// No officers means nobody could be observed: the item does not apply to this visit.
	if (na === outcomes.length) return { outcome: 'na', score: null };
	return { outcome: 'info', score: null };
}

/** Index of a band in the template's best-first list, -1 when unknown. */
const bandIndex = (bands: GradeBand[], band: GradeBand | null) => (band === null ? -1 : bands.indexOf(band));

/**
 * The first band (best first) whose minScore the overall score reaches. A score below every
 * band gets the worst band rather than no grade: a scored inspection always has a grade.
 */
function gradeFor(bands: GradeBand[], overall: number | null): GradeBand | null {
	if (overall === null) return null;
	return bands.find((b) => atLeast(overall, b.minScore)) ?? bands[bands.length - 1] ?? null;
}

/**
 * The version's posting index from its two items (version 1: A1 niêm yết tại Bộ phận Một cửa and
 * A8 công khai trên Cổng/Trang thông tin điện tử, Chỉ số 6 of Thông tư 01/2018/TT-VPCP Điều 13):
 * 2 when both pass, 1 when one passes, 0 when neither. Null when the version defines no index, or
 * unless both items are in enabled sections and answered to a pass or fail.
 */
function postingIndexOf(index: PostingIndex | null, items: Map<string, ItemScore>): InspectionScore['postingIndex'] {
	if (!index) return null;
	const physical = items.get(index.physicalItemId)?.outcome;
	const electronic = items.get(index.electronicItemId)?.outcome;
	const decided = (o: ItemOutcome | undefined) => o === 'pass' || o === 'fail';
	if (!decided(physical) || !decided(electronic)) return null;
	const points = ((physical === 'pass' ? 1 : 0) + (electronic === 'pass' ? 1 : 0)) as 0 | 1 | 2;
	return { ...index, points };
}

/**
 * Scores an inspection. Rules:
 *
 * - Only sections listed in `sectionIds` are scored, in template order.
 * - An ordinary item scores 1 on pass and 0 on fail; 'na', 'info' and 'unanswered' items are
 *   left out of both numerator and denominator.
 * - A per-officer item scores the share of officers who pass among the officers answered pass
 *   or fail (unanswered officers are left out); outcome 'pass' at 1, 'fail' at 0, 'partial' in
 *   between. All officers na, or no officers recorded → 'na'. Answers keyed to officers not in
 *   `officers` are ignored.
 * - A section's score is the item.weight-weighted mean of its scored items, null when none.
 * - The overall score is the section.weight-weighted mean of non-null section scores, null
 *   when none.
 * - The grade is the first band (best first) with overall ≥ minScore (the worst band when
 *   below all); null when overall is null.
 * - A critical item with a fail (for per-officer items, any officer failing) is a critical
 *   failure; any critical failure caps the grade at grading.criticalCap: the grade is the worse
 *   of the computed grade and the cap, `uncappedGrade` keeps the computed one, and
 *   `cappedByCritical` tells whether the cap changed it.
 * - Every slot counts in totalSlots; slots with outcome 'unanswered' (no answer, or an answer
 *   that no longer fits the item) do not count in answeredSlots, 'na' and 'info' do.
 * - postingIndex: the version's grading.publicPostingIndex over its two items (see postingIndexOf).
 * - Everything the rules use (weights, critical items, bands, cap, index) is data of the template
 *   version; nothing here is specific to one version.
 */
export function scoreInspection(input: ScoringInput): InspectionScore {
	const { template, sectionIds, officers } = input;
	const answers = indexAnswers(input.answers);
	const outcomeOf = (item: TemplateItem, officerId: string) => itemOutcome(item, answers.get(slotKey(item.id, officerId))?.value ?? null);

	const sections: SectionScore[] = [];
	const byItem = new Map<string, ItemScore>();
	const criticalFailures: string[] = [];
	let answeredSlots = 0;
	let totalSlots = 0;

	for (const section of enabledSections(template, sectionIds)) {
		const items: ItemScore[] = [];
		let answered = 0;
		let total = 0;
		for (const item of section.items) {
			let itemScore: ItemScore;
			if (item.perOfficer) {
				const perOfficer = officers.map((o) => ({ officerId: o.id, outcome: outcomeOf(item, o.id) }));
				const { outcome, score } = perOfficerResult(perOfficer.map((o) => o.outcome));
				total += perOfficer.length;
				answered += perOfficer.filter((o) => o.outcome !== 'unanswered').length;
				itemScore = { ...baseOf(item, section.id), outcome, score, officers: perOfficer };
			} else {
				const outcome = outcomeOf(item, '');
				total += 1;
				if (outcome !== 'unanswered') answered += 1;
				itemScore = { ...baseOf(item, section.id), outcome, score: slotScore(outcome) };
			}
			if (item.critical && (itemScore.outcome === 'fail' || itemScore.outcome === 'partial')) criticalFailures.push(item.id);
			items.push(itemScore);
			byItem.set(item.id, itemScore);
		}
		sections.push({
			sectionId: section.id,
			title: section.title,
			score: weightedMean(items),
			applicableItems: items.filter((i) => i.score !== null).length,
			failedItems: items.filter((i) => i.outcome === 'fail' || i.outcome === 'partial').length,
			answeredSlots: answered,
			totalSlots: total,
			items
		});
		answeredSlots += answered;
		totalSlots += total;
	}

	const sectionWeights = new Map(template.sections.map((s) => [s.id, s.weight]));
	const overall = weightedMean(sections.map((s) => ({ weight: sectionWeights.get(s.sectionId) ?? 1, score: s.score })));

	const { bands, criticalCap } = template.grading;
	const uncappedGrade = gradeFor(bands, overall);
	let grade = uncappedGrade;
	const cap = bands.find((b) => b.id === criticalCap);
	// A critical failure implies a scored item, so overall and the grade are never null here.
	if (criticalFailures.length > 0 && cap && bandIndex(bands, cap) > bandIndex(bands, grade)) grade = cap;

	return {
		sections,
		overall,
		grade,
		uncappedGrade,
		cappedByCritical: grade !== uncappedGrade,
		criticalFailures,
		minCheckedShare: template.grading.minCheckedShare,
		answeredSlots,
		totalSlots,
		postingIndex: postingIndexOf(template.grading.publicPostingIndex, byItem)
	};
}

/** The five SIPAS factors in the order a record lists them. */
export const SIPAS_FACTORS: readonly SipasFactor[] = ['TC', 'TT', 'CC', 'KQ', 'PA'];

/**
 * Failed items per SIPAS factor (the factor of citizen satisfaction each shortcoming weighs on):
 * an item counts once when its outcome is fail or partial, whatever the number of officers who
 * failed it. Every factor is present, 0 when none failed. Items the score does not know in the
 * template (an edited version) are left out.
 */
export function sipasFailures(template: Template, score: Pick<InspectionScore, 'sections'>): Record<SipasFactor, number> {
	const factor = new Map<string, SipasFactor>();
	for (const s of template.sections) for (const i of s.items) factor.set(i.id, i.sipas);
	const counts = Object.fromEntries(SIPAS_FACTORS.map((f) => [f, 0])) as Record<SipasFactor, number>;
	for (const section of score.sections)
		for (const item of section.items) {
			const f = factor.get(item.itemId);
			if (f && (item.outcome === 'fail' || item.outcome === 'partial')) counts[f] += 1;
		}
	return counts;
}

function baseOf(item: TemplateItem, sectionId: string) {
	return { itemId: item.id, sectionId, critical: item.critical, weight: item.weight };
}

/** A ratio as a Vietnamese percentage: 1 → '100%', 0.875 → '87,5%'. */
export function percent(ratio: number): string {
	const rounded = Math.round(ratio * 1000) / 10;
	return `${String(rounded).replace('.', ',')}%`;
}

/** A figure in Vietnamese notation (decimal comma). */
const figure = (n: number) => String(n).replace('.', ',');

/** What the answer's figures say, for items whose kind carries figures; '' otherwise. */
function figuresDetail(item: TemplateItem, value: AnswerValue | null | undefined): string {
	if (!value) return '';
	if (item.kind === 'count' && value.kind === 'count')
		return `Đạt ${value.numerator}/${value.denominator} (yêu cầu ≥ ${percent(item.count.threshold)})`;
	if (item.kind === 'sample' && value.kind === 'sample') {
		const unit = item.sample.unitLabel.trim();
		return `Kiểm tra ${value.size}${unit ? ` ${unit}` : ''}, ${value.passed} đạt`;
	}
	if (item.kind === 'number' && value.kind === 'number') {
		const { unit, passMin, passMax } = item.number;
		const u = unit ? ` ${unit}` : '';
		const required =
			passMin !== undefined && passMax !== undefined
				? `từ ${figure(passMin)} đến ${figure(passMax)}${u}`
				: passMin !== undefined
					? `≥ ${figure(passMin)}${u}`
					: passMax !== undefined
						? `≤ ${figure(passMax)}${u}`
						: '';
		return `Ghi nhận ${figure(value.value)}${u}${required ? ` (yêu cầu ${required})` : ''}`;
	}
	if (item.kind === 'choice' && value.kind === 'choice') {
		const option = item.choice.options.find((o) => o.value === value.value);
		return `Lựa chọn: ${option?.label ?? value.value}`;
	}
	return '';
}

/**
 * Finding candidates: one per scored item whose outcome is 'fail' or 'partial', in template
 * order (critical items are not moved first; the report follows the checklist).
 *
 * - title is the item text, recommendation and deadlineDays come from item.remediation, legal
 *   from item.legal.
 * - detail: for per-officer items 'Công chức không đạt: <names>' (officers in the order given,
 *   their ids in officerIds); otherwise the figures — count 'Đạt 45/50 (yêu cầu ≥ 100%)',
 *   sample 'Kiểm tra 5 TTHC, 3 đạt', number and choice the recorded value — or 'Không đạt'.
 * - A non-empty note is appended as '. Ghi chú: …': the item's note, or for per-officer items
 *   each failing officer's note as '<name>: <note>' joined by '; '.
 *
 * Pass `score` when it has already been computed for the same input, to avoid scoring twice.
 */
export function generateFindings(input: ScoringInput, score?: InspectionScore): FindingCandidate[] {
	const result = score ?? scoreInspection(input);
	const answers = indexAnswers(input.answers);
	const items = new Map<string, TemplateItem>();
	for (const s of input.template.sections) for (const i of s.items) items.set(i.id, i);
	const names = new Map(input.officers.map((o) => [o.id, o.name]));

	const findings: FindingCandidate[] = [];
	for (const section of result.sections)
		for (const itemScore of section.items) {
			if (itemScore.outcome !== 'fail' && itemScore.outcome !== 'partial') continue;
			const item = items.get(itemScore.itemId);
			if (!item) continue;

			let detail: string;
			let notes: string[];
			let officerIds: string[] = [];
			if (item.perOfficer) {
				officerIds = (itemScore.officers ?? []).filter((o) => o.outcome === 'fail').map((o) => o.officerId);
				const failed = officerIds.map((id) => names.get(id) ?? id);
				detail = `Công chức không đạt: ${failed.join(', ')}`;
				notes = officerIds.flatMap((id) => {
					const note = answers.get(slotKey(item.id, id))?.note?.trim();
					return note ? [`${names.get(id) ?? id}: ${note}`] : [];
				});
			} else {
				const answer = answers.get(slotKey(item.id, ''));
				detail = figuresDetail(item, answer?.value) || 'Không đạt';
				const note = answer?.note?.trim();
				notes = note ? [note] : [];
			}
			if (notes.length > 0) detail += `. Ghi chú: ${notes.join('; ')}`;

			findings.push({
				itemId: item.id,
				sectionId: section.sectionId,
				title: item.text,
				detail,
				officerIds,
				critical: item.critical,
				legal: item.legal,
				recommendation: item.remediation.text,
				deadlineDays: item.remediation.deadlineDays
			});
		}
	return findings;
}

/** The deadline `days` calendar days after the inspection started, counted from its date in Vietnam. */
export function deadlineFor(startedAtIso: string, days: number): string {
	return addDays(vietnamDate(startedAtIso), days);
}

/** A 0..1 score as a whole percentage ('87%'), '—' when there is no score. */
export function formatScore(score: number | null): string {
	if (score === null || !Number.isFinite(score)) return '—';
	return `${Math.round(score * 100)}%`;
}
