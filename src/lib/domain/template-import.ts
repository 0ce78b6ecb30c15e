/**
 * Checking a template that arrives whole (an imported JSON file, or the object a spreadsheet was
 * read into): every fault at once, each with the JSON path it sits at, so whoever maintains the
 * file fixes them in one pass instead of one per upload.
 */
import type { z } from 'zod';
import { fieldPath, type LocatedProblem } from './protocol/errors';
import { templateSchema, type Template } from './template';

export type TemplateCheck = { ok: true; template: Template } | { ok: false; problems: LocatedProblem[] };

/** Clearer words than zod's for the lists whose rows live on another sheet of the spreadsheet. */
function messageOf(issue: z.core.$ZodIssue): string {
	const last = issue.path.at(-1);
	if (issue.code === 'too_small' && last === 'legal') return 'Every item needs at least one legal basis';
	if (issue.code === 'too_small' && last === 'options') return 'A choice item needs at least two options';
	return issue.message;
}

/**
 * Validates `value` as a template, defaults filled. Problems carry `field`, the dotted path
 * (`sections.0.items.3.weight`); an empty path (a rule across the whole template, such as a
 * duplicate item id) leaves `field` out.
 */
export function checkTemplate(value: unknown): TemplateCheck {
	const parsed = templateSchema.safeParse(value);
	if (parsed.success) return { ok: true, template: parsed.data };
	const problems = parsed.error.issues.map((issue): LocatedProblem => {
		const field = fieldPath(issue.path);
		return field === '' ? { message: messageOf(issue) } : { field, message: messageOf(issue) };
	});
	return { ok: false, problems };
}

/**
 * A template from the text of a JSON file: `checkTemplate` after `JSON.parse`, with a syntax
 * error reported as one problem without a place.
 */
export function templateFromJson(text: string): TemplateCheck {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		return { ok: false, problems: [{ message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
	}
	return checkTemplate(value);
}

/** The JSON export: the template object itself, indented so a diff of two files reads well. */
export function templateToJson(template: Template): string {
	return `${JSON.stringify(template, null, '\t')}\n`;
}
