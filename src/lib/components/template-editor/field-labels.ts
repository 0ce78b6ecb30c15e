/**
 * The names of template fields as the editor labels them, for the change list ("Nội dung
 * kiểm tra", not "text"). A field without a label here (a later schema's) shows its path.
 */
import { m } from '$lib/ui/i18n.svelte';

const labels: Record<string, () => string> = {
	name: m.template_editor_template_name,
	title: m.template_editor_section_title,
	titleEn: m.template_editor_section_title_en,
	enabledByDefault: m.template_editor_enabled_by_default,
	weight: m.template_editor_weight,
	text: m.template_editor_item_text,
	textEn: m.template_editor_item_text_en,
	guidance: m.template_editor_guidance,
	guidanceEn: m.template_editor_guidance_en,
	kind: m.template_editor_kind,
	sipas: m.template_editor_sipas,
	perOfficer: m.template_editor_per_officer,
	critical: m.template_editor_critical,
	observable: m.template_editor_observable,
	legal: m.template_editor_legal_bases,
	'remediation.text': m.template_editor_remediation,
	'remediation.deadlineDays': m.template_editor_remediation_days
};

export const fieldLabel = (field: string): string => labels[field]?.() ?? field;
