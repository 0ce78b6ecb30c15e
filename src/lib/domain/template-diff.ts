/**
 * What changed between two versions of a template, as a list an admin reads before publishing
 * ("A3 reworded, B7 retired, section E on by default"). Pure: the admin screen shows it, the
 * server may log it; neither depends on how the versions are stored.
 *
 * Sections and items are matched by id, which is how records refer to them: an item that keeps
 * its id is the same question, reworded or not; a removed id is retired (records made on the
 * older version still print it from that version).
 */
import type { Template, TemplateItem, TemplateSection } from './template';

/** One field of a section, item, the grading or the template itself; `undefined` when absent on that side. */
export interface FieldChange {
	/** Dotted path inside the thing changed: `text`, `remediation.deadlineDays`, `bands`. */
	field: string;
	before: unknown;
	after: unknown;
}

export type TemplateChange =
	| { kind: 'template_changed'; changes: FieldChange[] }
	| { kind: 'section_added'; sectionId: string; index: number }
	| { kind: 'section_removed'; sectionId: string }
	/** Title, English title, enabled by default, weight… (see `changes`). */
	| { kind: 'section_changed'; sectionId: string; changes: FieldChange[] }
	/** The section's place among sections changed against the others (not merely shifted by an insertion). */
	| { kind: 'section_moved'; sectionId: string; fromIndex: number; toIndex: number }
	| { kind: 'item_added'; sectionId: string; itemId: string; index: number }
	/** Retired: new inspections no longer ask it. */
	| { kind: 'item_removed'; sectionId: string; itemId: string }
	| { kind: 'item_changed'; sectionId: string; itemId: string; changes: FieldChange[] }
	| { kind: 'item_moved'; sectionId: string; itemId: string; fromIndex: number; toIndex: number }
	| { kind: 'grading_changed'; changes: FieldChange[] };

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
	if (isPlainObject(a) && isPlainObject(b)) {
		const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
		return [...keys].every((k) => sameValue(a[k], b[k]));
	}
	return false;
}

/**
 * Changed leaves of two objects: nested objects (remediation, count…) are followed to their
 * fields, lists (legal bases, options, bands) compare whole. Fields a later schema adds show up
 * here without a change to this module.
 */
export function fieldChanges(
	before: Record<string, unknown>,
	after: Record<string, unknown>,
	skip: readonly string[] = [],
	prefix = ''
): FieldChange[] {
	const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !skip.includes(k));
	return keys.flatMap((key) => {
		const [b, a] = [before[key], after[key]];
		const field = `${prefix}${key}`;
		if (isPlainObject(b) && isPlainObject(a)) return fieldChanges(b, a, [], `${field}.`);
		return sameValue(b, a) ? [] : [{ field, before: b, after: a }];
	});
}

/**
 * Ids that kept their order: the longest common subsequence of the two id lists. Everything
 * common but outside it moved; so inserting one item does not mark every later item as moved.
 */
function keptInOrder(from: readonly string[], to: readonly string[]): Set<string> {
	const toSet = new Set(to);
	const fromSet = new Set(from);
	const a = from.filter((id) => toSet.has(id));
	const b = to.filter((id) => fromSet.has(id));
	const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
	for (let i = a.length - 1; i >= 0; i--)
		for (let j = b.length - 1; j >= 0; j--)
			lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
	const kept = new Set<string>();
	for (let i = 0, j = 0; i < a.length && j < b.length;) {
		if (a[i] === b[j]) {
			kept.add(a[i]!);
			i++;
			j++;
		}
		// On a tie keep the earlier entry of `from`: of two swapped entries, the one brought forward moved.
		else if (lengths[i + 1]![j]! > lengths[i]![j + 1]!) i++;
		else j++;
	}
	return kept;
}

/** Added, removed and moved entries of two id-keyed lists, in the order of `to` (removed ones in the order of `from`). */
function listChanges<T extends { id: string }>(
	from: readonly T[],
	to: readonly T[]
): { added: [T, number][]; removed: T[]; moved: [T, number, number][]; common: [T, T][] } {
	const fromIndex = new Map(from.map((x, i) => [x.id, i]));
	const toIds = new Set(to.map((x) => x.id));
	const kept = keptInOrder(
		from.map((x) => x.id),
		to.map((x) => x.id)
	);
	const added: [T, number][] = [];
	const moved: [T, number, number][] = [];
	const common: [T, T][] = [];
	to.forEach((x, i) => {
		const was = fromIndex.get(x.id);
		if (was === undefined) return added.push([x, i]);
		common.push([from[was]!, x]);
		if (!kept.has(x.id)) moved.push([x, was, i]);
	});
	return { added, removed: from.filter((x) => !toIds.has(x.id)), moved, common };
}

function sectionChanges(from: TemplateSection, to: TemplateSection): TemplateChange[] {
	const sectionId = to.id;
	const changes: TemplateChange[] = [];
	const own = fieldChanges(from, to, ['id', 'items']);
	if (own.length > 0) changes.push({ kind: 'section_changed', sectionId, changes: own });
	const items = listChanges<TemplateItem>(from.items, to.items);
	for (const item of items.removed) changes.push({ kind: 'item_removed', sectionId, itemId: item.id });
	for (const [item, index] of items.added) changes.push({ kind: 'item_added', sectionId, itemId: item.id, index });
	for (const [item, fromIndex, toIndex] of items.moved)
		changes.push({ kind: 'item_moved', sectionId, itemId: item.id, fromIndex, toIndex });
	for (const [before, after] of items.common) {
		const fields = fieldChanges(before, after, ['id']);
		if (fields.length > 0) changes.push({ kind: 'item_changed', sectionId, itemId: after.id, changes: fields });
	}
	return changes;
}

/**
 * Every difference from `from` (usually the published version) to `to` (the draft): template
 * fields (not id and version, which always differ), then sections in the order of `to` — each
 * followed by its items' changes — then removed sections (each followed by its items, retired with it), then grading. Identical templates give [].
 */
export function diffTemplates(from: Template, to: Template): TemplateChange[] {
	const changes: TemplateChange[] = [];
	const own = fieldChanges(from, to, ['id', 'version', 'sections', 'grading']);
	if (own.length > 0) changes.push({ kind: 'template_changed', changes: own });
	const sections = listChanges<TemplateSection>(from.sections, to.sections);
	const movedSections = new Map(sections.moved.map(([s, fromIndex, toIndex]) => [s.id, { fromIndex, toIndex }]));
	const addedSections = new Map(sections.added.map(([s, index]) => [s.id, index]));
	const fromSections = new Map(sections.common.map(([before, after]) => [after.id, before]));
	to.sections.forEach((section) => {
		const added = addedSections.get(section.id);
		if (added !== undefined) {
			changes.push({ kind: 'section_added', sectionId: section.id, index: added });
			section.items.forEach((item, index) => changes.push({ kind: 'item_added', sectionId: section.id, itemId: item.id, index }));
			return;
		}
		const move = movedSections.get(section.id);
		if (move) changes.push({ kind: 'section_moved', sectionId: section.id, ...move });
		changes.push(...sectionChanges(fromSections.get(section.id)!, section));
	});
	for (const section of sections.removed) {
		changes.push({ kind: 'section_removed', sectionId: section.id });
		for (const item of section.items) changes.push({ kind: 'item_removed', sectionId: section.id, itemId: item.id });
	}
	const grading = fieldChanges(from.grading, to.grading);
	if (grading.length > 0) changes.push({ kind: 'grading_changed', changes: grading });
	return changes;
}
