/**
 * Structural edits an admin makes to a draft template: reorder, add and retire sections and
 * items, switch an item's kind. Pure: each returns new values, the editor's state assigns them.
 *
 * Ids are never renumbered. An inspection pins its version and answers by item id, and a
 * report compares "A3" across versions; so moving an item keeps its id, and a new item takes an
 * id no earlier version used (`reserved`), never one a retired item left free.
 */
import type { LegalRef, TemplateItem, TemplateItemKind, TemplateSection } from './template';

/** The list with the element at `index` moved `by` places (clamped at the ends). */
export function moved<T>(list: readonly T[], index: number, by: number): T[] {
	const to = Math.min(list.length - 1, Math.max(0, index + by));
	const out = [...list];
	if (index < 0 || index >= list.length || to === index) return out;
	const [taken] = out.splice(index, 1);
	out.splice(to, 0, taken as T);
	return out;
}

const MAX_ITEM_NUMBER = 99;

/**
 * The next item id of a section: one above the highest number the section or any reserved id
 * (items of earlier versions) has used, "A1" in an empty section; null when A99 is taken.
 */
export function nextItemId(section: Pick<TemplateSection, 'id' | 'items'>, reserved: Iterable<string> = []): string | null {
	const pattern = new RegExp(`^${section.id}(\\d{1,2})$`);
	let highest = 0;
	for (const id of [...section.items.map((i) => i.id), ...reserved]) {
		const n = pattern.exec(id)?.[1];
		if (n !== undefined) highest = Math.max(highest, Number(n));
	}
	return highest < MAX_ITEM_NUMBER ? `${section.id}${highest + 1}` : null;
}

/** The first letter A–Z neither in use nor reserved by an earlier version; null when none is left. */
export function nextSectionId(sections: readonly Pick<TemplateSection, 'id'>[], reserved: Iterable<string> = []): string | null {
	const taken = new Set([...sections.map((s) => s.id), ...reserved]);
	for (let c = 65; c <= 90; c++) if (!taken.has(String.fromCharCode(c))) return String.fromCharCode(c);
	return null;
}

/** An empty legal reference row, for the admin to fill in. */
export const blankLegalRef = (): LegalRef => ({ document: '', status: 'in_force' });

/**
 * A new item with the fields the schema requires left blank: the admin writes them, and saving
 * refuses the draft, field by field, until they are.
 */
export function blankItem(id: string): TemplateItem {
	return {
		id,
		kind: 'pass',
		text: '',
		perOfficer: false,
		critical: false,
		weight: 1,
		sipas: 'TC',
		legal: [blankLegalRef()],
		sources: [],
		observable: false,
		remediation: { text: '', deadlineDays: 30 }
	};
}

/** A new section with one blank item, so it is never empty (the schema wants at least one). */
export function blankSection(id: string): TemplateSection {
	return { id, title: '', enabledByDefault: true, weight: 1, items: [blankItem(`${id}1`)] };
}

/**
 * The item as `kind`: the fields every kind shares are kept, the old kind's settings dropped,
 * the new kind's settings given starting values.
 */
export function withKind(item: TemplateItem, kind: TemplateItemKind): TemplateItem {
	if (item.kind === kind) return item;
	const { id, text, textEn, guidance, guidanceEn, group, perOfficer, critical, weight, sipas, legal, sources, observable, remediation } =
		item;
	const base = {
		id,
		text,
		textEn,
		guidance,
		guidanceEn,
		group,
		perOfficer,
		critical,
		weight,
		sipas,
		legal,
		sources,
		observable,
		remediation
	};
	switch (kind) {
		case 'pass':
		case 'text':
			return { ...base, kind };
		case 'count':
			return { ...base, kind, count: { threshold: 1, numeratorLabel: '', denominatorLabel: '', partOfWhole: false } };
		case 'sample':
			return { ...base, kind, sample: { defaultSize: 5, unitLabel: '' } };
		case 'number':
			return { ...base, kind, number: {} };
		case 'choice':
			return {
				...base,
				kind,
				choice: {
					options: [
						{ value: 'yes', label: '', passes: true },
						{ value: 'no', label: '', passes: false }
					]
				}
			};
	}
}
