/**
 * The template workbook's layout, as data: which sheets, which columns, what each cell holds.
 * Export and import both read this table, so a field added to the template schema is one line
 * here (docs/templates.md, "Spreadsheet layout"). Like an XLSForm: row 1 of each sheet holds
 * machine names, each following row is one entry.
 *
 * A column's `name` is its header and the dotted path of the value inside the row's object
 * (`remediation.deadlineDays` is `item.remediation.deadlineDays`).
 */
import type { TemplateItemKind } from '$lib/domain/template';

/**
 * How a cell is written and read back:
 * - text: a string (written as Excel text, so "2025.10" stays as typed);
 * - number / integer: a number;
 * - boolean: TRUE/FALSE (yes/no, 1/0, có/không are read too);
 * - date: an ISO date YYYY-MM-DD, as text (an Excel date cell is read too);
 * - lines: a list of strings, one per line of the cell;
 * - verdict: TRUE, FALSE or empty for null (a choice option that neither passes nor fails);
 * - exists: for a group of columns that may be null as a whole (`grading.publicPostingIndex`):
 *   FALSE for null (its columns then stay empty), TRUE when its columns hold it, empty for absent
 *   (the schema's default).
 */
export type CellType = 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'lines' | 'verdict' | 'exists';

export interface Column {
	name: string;
	type: CellType;
	/** Settings of these item kinds only: blank on the rows of other kinds. */
	kinds?: readonly string[];
	/** Width in characters, for the person who opens the file. */
	width?: number;
}

export interface SheetLayout {
	/** The sheet's name in the workbook. */
	sheet: string;
	columns: readonly Column[];
	/**
	 * The column that names the entry this row belongs to (Items → its section, Legal and Choices
	 * → their item). It is not a field of the row's object.
	 */
	parent?: string;
	/** A workbook without this sheet is refused (Choices may be left out when no item is a choice). */
	required: boolean;
}

const text = (name: string, width = 16): Column => ({ name, type: 'text', width });
const kindSetting = (kind: TemplateItemKind, name: string, type: CellType): Column => ({
	name: `${kind}.${name}`,
	type,
	kinds: [kind],
	width: 14
});

/** Sheet order in the file, and the order problems are listed in. */
export const layouts = {
	/** One data row: what the template is. Fields of `grading` that are not bands sit here. */
	template: {
		sheet: 'Template',
		required: true,
		columns: [
			text('id'),
			text('version'),
			text('name', 50),
			text('locale', 8),
			text('grading.criticalCap'),
			text('grading.method.id', 20),
			text('grading.method.label', 40),
			text('grading.method.labelEn', 40),
			{ name: 'grading.minCheckedShare', type: 'number' },
			{ name: 'grading.publicPostingIndex', type: 'exists' },
			text('grading.publicPostingIndex.label', 40),
			text('grading.publicPostingIndex.labelEn', 40),
			text('grading.publicPostingIndex.physicalItemId'),
			text('grading.publicPostingIndex.electronicItemId')
		]
	},
	/** One row per section, in order. */
	sections: {
		sheet: 'Sections',
		required: true,
		columns: [
			text('id', 6),
			text('title', 50),
			text('titleEn', 40),
			{ name: 'enabledByDefault', type: 'boolean' },
			{ name: 'weight', type: 'number' }
		]
	},
	/** One row per item, in order; `section` says which section it belongs to. */
	items: {
		sheet: 'Items',
		required: true,
		parent: 'section',
		columns: [
			text('section', 8),
			text('id', 6),
			text('kind', 8),
			text('text', 60),
			text('textEn', 40),
			text('guidance', 40),
			text('guidanceEn', 30),
			text('group', 20),
			{ name: 'perOfficer', type: 'boolean' },
			{ name: 'critical', type: 'boolean' },
			{ name: 'weight', type: 'number' },
			text('sipas', 6),
			{ name: 'observable', type: 'boolean' },
			text('remediation.text', 50),
			{ name: 'remediation.deadlineDays', type: 'integer' },
			{ name: 'sources', type: 'lines', width: 24 },
			kindSetting('count', 'threshold', 'number'),
			kindSetting('count', 'numeratorLabel', 'text'),
			kindSetting('count', 'denominatorLabel', 'text'),
			kindSetting('count', 'partOfWhole', 'boolean'),
			kindSetting('sample', 'defaultSize', 'integer'),
			kindSetting('sample', 'unitLabel', 'text'),
			kindSetting('number', 'unit', 'text'),
			kindSetting('number', 'passMin', 'number'),
			kindSetting('number', 'passMax', 'number')
		]
	},
	/** The options of choice items (XLSForm's "choices"), in order, keyed by item id. */
	choices: {
		sheet: 'Choices',
		required: false,
		parent: 'item',
		columns: [text('item', 6), text('value'), text('label', 40), { name: 'passes', type: 'verdict' }]
	},
	/** Legal bases, several per item, in order, keyed by item id. */
	legal: {
		sheet: 'Legal',
		required: true,
		parent: 'item',
		columns: [
			text('item', 6),
			text('document', 36),
			{ name: 'date', type: 'date', width: 12 },
			text('article', 10),
			text('clause', 18),
			text('status', 12),
			text('note', 50)
		]
	},
	/** Grade bands, best first. */
	grading: {
		sheet: 'Grading',
		required: true,
		columns: [text('id'), text('label', 20), text('labelEn', 20), { name: 'minScore', type: 'number' }]
	}
} as const satisfies Record<string, SheetLayout>;

export type SheetKey = keyof typeof layouts;
export const sheetOrder = Object.keys(layouts) as SheetKey[];
