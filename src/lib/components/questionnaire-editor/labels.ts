/** Words for questionnaire data the editor and preview show (question kinds, SIPAS factors as the record names them). */
import type { Question } from '$lib/domain/questionnaire';
import type { SipasFactor } from '$lib/domain/template';
import { m } from '$lib/ui/i18n.svelte';

export const questionKinds: readonly Question['kind'][] = ['scale5', 'yesno', 'text'];

const kindWords: Record<Question['kind'], () => string> = {
	scale5: m.questionnaire_kind_scale5,
	yesno: m.questionnaire_kind_yesno,
	text: m.questionnaire_kind_text
};
export const questionKindLabel = (kind: Question['kind']): string => kindWords[kind]();

const factorWords: Record<SipasFactor, () => string> = {
	TC: m.inspection_sipas_tc,
	TT: m.inspection_sipas_tt,
	CC: m.inspection_sipas_cc,
	KQ: m.inspection_sipas_kq,
	PA: m.inspection_sipas_pa
};
export const factorLabel = (factor: SipasFactor): string => factorWords[factor]();
