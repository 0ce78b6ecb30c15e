/**
 * Checking a template that arrives whole (an imported JSON file, or the object a spreadsheet was
 * read into): every fault at once, each with the JSON path it sits at, so whoever maintains the
 * file fixes them in one pass instead of one per upload.
 */
import type { z } from 'zod';
import { fieldPath, type LocatedProblem } from './protocol/errors';
import { questionnaireSchema, type Questionnaire } from './questionnaire';
import { templateSchema, type Template } from './template';
import { templateIdSchema, versionLabelSchema } from './template-versions';

export type TemplateCheck = { ok: true; template: Template } | { ok: false; problems: LocatedProblem[] };

/** A checked file of either kind (issue 19): a questionnaire names its kind, a checklist does not. */
export type ContentCheck = TemplateCheck | { ok: true; template: Questionnaire };

/** Clearer words than zod's for the lists whose rows live on another sheet of the spreadsheet. */
function messageOf(issue: z.core.$ZodIssue): string {
	const last = issue.path.at(-1);
	if (issue.code === 'too_small' && last === 'legal') return 'Every item needs at least one legal basis';
	if (issue.code === 'too_small' && last === 'options') return 'A choice item needs at least two options';
	return issue.message;
}

/** What the screen needs to put the issue into words in its own language (the message is English). */
function wordable(issue: z.core.$ZodIssue): Pick<LocatedProblem, 'code' | 'origin' | 'minimum'> {
	if (issue.code !== 'too_small' && issue.code !== 'too_big') return { code: issue.code };
	return {
		code: issue.code,
		origin: issue.origin,
		...(issue.code === 'too_small' && Number.isFinite(Number(issue.minimum)) ? { minimum: Number(issue.minimum) } : {})
	};
}

/**
 * An imported template becomes a stored version under its own id and version, which name it in
 * addresses and on records: they must be labels the template store accepts.
 */
function labelProblems(template: { id: string; version: string }): LocatedProblem[] {
	const problems: LocatedProblem[] = [];
	if (!templateIdSchema.safeParse(template.id).success)
		problems.push({ field: 'id', message: 'A template id is lower-case letters, digits and dashes, as in mac-dinh-tinh-1' });
	if (!versionLabelSchema.safeParse(template.version).success)
		problems.push({ field: 'version', message: 'A version label is letters, digits, dots and dashes, as in 2026.1, at most 32' });
	return problems;
}

/**
 * Validates `value` as a template to import, defaults filled. Problems carry `field`, the dotted
 * path (`sections.0.items.3.weight`); an empty path (a rule across the whole template, such as a
 * duplicate item id) leaves `field` out.
 */
export function checkTemplate(value: unknown): TemplateCheck {
	return checkWith(templateSchema, value);
}

/**
 * A whole file of either kind: content that says `kind: 'questionnaire'` is checked as a
 * questionnaire (questions under `groups.1.questions.0.text`…), anything else as a checklist.
 */
export function checkContent(value: unknown): ContentCheck {
	const isQuestionnaire = typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'questionnaire';
	return isQuestionnaire ? checkWith(questionnaireSchema, value) : checkTemplate(value);
}

function checkWith<T extends { id: string; version: string }>(
	schema: z.ZodType<T, unknown>,
	value: unknown
): { ok: true; template: T } | { ok: false; problems: LocatedProblem[] } {
	const parsed = schema.safeParse(value);
	if (parsed.success) {
		const labels = labelProblems(parsed.data);
		return labels.length === 0 ? { ok: true, template: parsed.data } : { ok: false, problems: labels };
	}
	const problems = parsed.error.issues.map((issue): LocatedProblem => {
		const field = fieldPath(issue.path);
		return { ...(field === '' ? {} : { field }), message: messageOf(issue), ...wordable(issue) };
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

/** The JSON export: the template (or questionnaire) object itself, indented so a diff of two files reads well. */
export function templateToJson(template: Template | Questionnaire): string {
	return `${JSON.stringify(template, null, '\t')}\n`;
}
