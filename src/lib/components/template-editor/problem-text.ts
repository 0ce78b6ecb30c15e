/**
 * What is wrong with a template field, in words. The schema's issues come with zod's codes; the
 * server's refusal with an error code of the protocol (errorText words it).
 */
import type { FieldProblem } from '$lib/local/template-draft-editor.svelte';
import { errorText } from '$lib/ui/errors';
import { m } from '$lib/ui/i18n.svelte';

export function problemText(p: FieldProblem): string {
	if (p.fromServer) return errorText(p.code, p.message);
	switch (p.code) {
		case 'too_small':
			if (p.origin === 'string')
				return p.minimum && p.minimum > 1 ? m.template_editor_too_short({ min: p.minimum }) : m.template_editor_required();
			if (p.origin === 'array') return m.template_editor_needs_at_least({ min: p.minimum ?? 1 });
			return m.template_editor_number_out_of_range();
		case 'too_big':
			return m.template_editor_number_out_of_range();
		case 'invalid_type':
			return m.template_editor_required();
		case 'invalid_format':
			// A questionnaire's fact id or option value (a code), otherwise a date.
			if (/\.(id|value)$/.test(p.path)) return m.questionnaire_editor_invalid_code();
			return m.validation_invalid_date();
		case 'invalid_value':
			return m.error_invalid_value();
		default:
			if (p.message.startsWith('Duplicate item id')) return m.template_editor_duplicate_item_id();
			if (p.message.startsWith('Duplicate fact id')) return m.questionnaire_editor_duplicate_fact_id();
			return p.message;
	}
}
