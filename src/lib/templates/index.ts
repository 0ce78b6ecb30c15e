// Registry of the checklist templates shipped with the app, parsed (defaults filled) at module load.
import { templateSchema, type Template } from '$lib/domain/template';
import { defaultTemplate2025 } from './default-2025';

/** The current default template, 2025.1. */
export const defaultTemplate: Template = templateSchema.parse(defaultTemplate2025);

/** Every shipped template version; an inspection keeps pointing at the version it was made with. */
export const templates: Template[] = [defaultTemplate];

export function getTemplate(id: string, version: string): Template | undefined {
	return templates.find((t) => t.id === id && t.version === version);
}
