/** Words for template data the editor, preview and version list show (kinds, statuses, scope). */
import type { TemplateKind } from '$lib/domain/questionnaire';
import type { TemplateItemKind } from '$lib/domain/template';
import type { TemplateStatus } from '$lib/domain/template-versions';
import { m } from '$lib/ui/i18n.svelte';

const kindWords: Record<TemplateItemKind, () => string> = {
	pass: m.template_kind_pass,
	count: m.template_kind_count,
	sample: m.template_kind_sample,
	number: m.template_kind_number,
	text: m.template_kind_text,
	choice: m.template_kind_choice
};
export const kindLabel = (kind: TemplateItemKind): string => kindWords[kind]();

const statusWords: Record<TemplateStatus, () => string> = {
	draft: m.template_status_draft,
	published: m.template_status_published,
	retired: m.template_status_retired
};
export const statusLabel = (status: TemplateStatus): string => statusWords[status]();

const templateKindWords: Record<TemplateKind, () => string> = {
	checklist: m.template_kind_checklist,
	questionnaire: m.template_kind_questionnaire
};
/** "Phiếu kiểm tra" or "Phiếu hỏi ý kiến người dân" (issue 19). */
export const templateKindLabel = (kind: TemplateKind): string => templateKindWords[kind]();
