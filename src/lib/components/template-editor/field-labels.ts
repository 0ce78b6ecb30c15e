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
	'remediation.deadlineDays': m.template_editor_remediation_days,
	// A questionnaire's own fields (issue 19); its question text reuses `text` above.
	intro: m.questionnaire_editor_intro,
	introEn: m.questionnaire_editor_intro_en,
	label: m.questionnaire_editor_fact_label,
	labelEn: m.questionnaire_editor_fact_label_en,
	required: m.questionnaire_editor_required
};

/** A questionnaire's lists (issue 19), numbered as a person counts them. */
const questionnairePlaces: Record<string, (n: number) => string> = {
	groups: (n) => m.template_place_group({ n }),
	questions: (n) => m.template_place_question({ n }),
	facts: (n) => m.template_place_fact({ n }),
	options: (n) => m.template_place_option({ n })
};

export const fieldLabel = (field: string): string => labels[field]?.() ?? field;

/**
 * A place in the template in words, for the problem lists: `sections.1.items.0.text` reads
 * "Phần thứ 2 › mục thứ 1 › Nội dung kiểm tra (tiếng Việt)". Names without a label are left out
 * rather than shown as they are; an empty path is the whole template. Given the template, its
 * sections and items are named by their ids as the editor shows them ("Phần A › mục A14").
 */
export interface TemplateOutline {
	sections: { id: string; items: { id: string }[] }[];
}

export function placeOf(path: string, template?: TemplateOutline): string {
	if (path === '') return m.template_problem_whole();
	const segments = path.split('.');
	const words: string[] = [];
	let section: TemplateOutline['sections'][number] | undefined;
	let inQuestion = false;
	let inOption = false;
	for (let i = 0; i < segments.length; i++) {
		const segment = segments[i]!;
		const next = segments[i + 1];
		const index = next !== undefined && /^\d+$/.test(next) ? Number(next) + 1 : null;
		if (index !== null) i++;
		if (segment === 'sections' && index !== null) {
			section = template?.sections[index - 1];
			words.push(section ? m.template_editor_section_heading({ id: section.id }) : m.template_place_section({ n: index }));
		} else if (segment === 'items' && index !== null) {
			const item = section?.items[index - 1];
			words.push(item ? m.template_place_item_id({ id: item.id }) : m.template_place_item({ n: index }));
		} else if (index !== null && questionnairePlaces[segment]) {
			words.push(questionnairePlaces[segment](index));
			inQuestion = segment === 'questions';
			inOption = segment === 'options';
		} else if (inOption && segment === 'label') {
			// "lựa chọn thứ 2" already says which text is meant.
		} else if (inQuestion && (segment === 'text' || segment === 'textEn')) {
			words.push(segment === 'text' ? m.questionnaire_editor_question_text() : m.questionnaire_editor_question_text_en());
		} else {
			const label = labels[`${segment}.${segments[i + 1] ?? ''}`] ?? labels[segment];
			if (label) words.push(label());
			if (index !== null) words.push(m.template_place_entry({ n: index }));
		}
	}
	return words.join(' › ') || m.template_problem_whole();
}
