/**
 * The per-officer grid (issue 20): a section's pass/fail items answered per officer shown as one
 * table, officers across and items down, one tap per cell. Pure: which items form a grid, what a
 * tap on a cell gives, and the counts per officer and per item.
 */
import type { AnswerValue } from './inspection';
import type { TemplateItem } from './template';

/** What a cell shows. 'not_checkable' ("không kiểm tra được", with its reason) is given in the item's card only. */
export type CellState = 'unanswered' | 'pass' | 'fail' | 'na' | 'not_checkable';

export function cellState(value: AnswerValue | null | undefined): CellState {
	if (!value) return 'unanswered';
	if (value.kind === 'pass') return value.result;
	if (value.kind === 'na') return value.reason === 'not_checkable' ? 'not_checkable' : 'na';
	// Another kind than the item's (the template changed under it): scoring counts it unanswered.
	return 'unanswered';
}

/** Items the grid shows: pass/fail items answered per officer. Other per-officer kinds keep their card. */
export const inGrid = (item: TemplateItem) => item.perOfficer && item.kind === 'pass';

/**
 * The answer a tap gives, from what the cell shows: đạt → không đạt → không áp dụng (or "không
 * quan sát được" on an observable item) → back to unanswered → đạt. The cycle passes through
 * "unanswered" so a tap on the wrong officer can be taken back without writing an answer nobody
 * gave into a signed record; it costs one tap more only on the rare way round from "không áp
 * dụng" to "đạt". A "không kiểm tra được" cell (given with its reason in the card) goes to unanswered.
 */
export function nextCellValue(item: TemplateItem, value: AnswerValue | null | undefined): AnswerValue | null {
	switch (cellState(value)) {
		case 'unanswered':
			return { kind: 'pass', result: 'pass' };
		case 'pass':
			return { kind: 'pass', result: 'fail' };
		case 'fail':
			return { kind: 'na', reason: item.observable ? 'not_observed' : 'not_applicable' };
		case 'na':
		case 'not_checkable':
			return null;
	}
}

export interface CellCounts {
	pass: number;
	fail: number;
	/** Không áp dụng, không quan sát được and không kiểm tra được together. */
	na: number;
	unanswered: number;
}

const zero = (): CellCounts => ({ pass: 0, fail: 0, na: 0, unanswered: 0 });
function add(counts: CellCounts, state: CellState) {
	if (state === 'not_checkable') counts.na++;
	else counts[state]++;
}

/** Counts per officer (columns) and per item (rows) of a grid; `valueOf` reads one cell's answer. */
export function gridCounts(
	items: readonly Pick<TemplateItem, 'id'>[],
	officerIds: readonly string[],
	valueOf: (itemId: string, officerId: string) => AnswerValue | null | undefined
): { byOfficer: Map<string, CellCounts>; byItem: Map<string, CellCounts> } {
	const byOfficer = new Map(officerIds.map((id) => [id, zero()]));
	const byItem = new Map(items.map((i) => [i.id, zero()]));
	for (const item of items)
		for (const officerId of officerIds) {
			const state = cellState(valueOf(item.id, officerId));
			add(byOfficer.get(officerId)!, state);
			add(byItem.get(item.id)!, state);
		}
	return { byOfficer, byItem };
}

/** A section's items as the page lays them out: runs of grid items together, every other item its own card, in template order. */
export type SectionBlock = { kind: 'grid'; items: TemplateItem[] } | { kind: 'card'; item: TemplateItem };

/** With no officer recorded a grid has no columns: every item keeps its card, which says to add officers. */
export function sectionBlocks(items: readonly TemplateItem[], officerCount: number): SectionBlock[] {
	const blocks: SectionBlock[] = [];
	for (const item of items) {
		const last = blocks.at(-1);
		if (officerCount === 0 || !inGrid(item)) blocks.push({ kind: 'card', item });
		else if (last?.kind === 'grid') last.items.push(item);
		else blocks.push({ kind: 'grid', items: [item] });
	}
	return blocks;
}
