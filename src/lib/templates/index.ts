// Registry of the checklist templates shipped with the app, parsed (defaults filled) at module load.
import { templateSchema, type Template } from '$lib/domain/template';
import { defaultTemplate2025 } from './default-2025';
import defaultTemplate2027Data from './default-2027-v2.json';

/** The default template version 1 (2025.1), which new inspections still start on until v2 takes effect. */
export const defaultTemplate: Template = templateSchema.parse(defaultTemplate2025);

/**
 * Version 2 (2027.1) of the default template, written under Nghị định 118/2025/NĐ-CP and Thông tư
 * 03/2025/TT-VPCP. Kept as JSON data: migration 012 publishes it in the database with its
 * effective date, and the same file serves devices that resolve it from the shipped list.
 */
export const defaultTemplateV2: Template = templateSchema.parse(defaultTemplate2027Data);

/** Every shipped template version; an inspection keeps pointing at the version it was made with. */
export const templates: Template[] = [defaultTemplate, defaultTemplateV2];

export function getTemplate(id: string, version: string): Template | undefined {
	return templates.find((t) => t.id === id && t.version === version);
}
