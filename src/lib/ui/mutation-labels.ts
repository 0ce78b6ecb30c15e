/**
 * The device's changes (sync intents) in words, for the audit log and the sync panel's list of
 * refused changes: "Trả lời tiêu chí", never `answerItem`. The record type makes a new intent
 * without words a type error.
 */
import type { MutationName } from '$lib/domain/protocol/intents';
import { m } from './i18n.svelte';

const words: Record<MutationName, () => string> = {
	createInspection: m.mutation_create_inspection,
	startPlannedInspection: m.mutation_start_planned_inspection,
	updateInspectionHeader: m.mutation_update_inspection_header,
	addOfficer: m.mutation_add_officer,
	updateOfficer: m.mutation_update_officer,
	removeOfficer: m.mutation_remove_officer,
	answerItem: m.mutation_answer_item,
	attachPhoto: m.mutation_attach_photo,
	removePhoto: m.mutation_remove_photo,
	setFindingDraft: m.mutation_set_finding_draft,
	signInspection: m.mutation_sign_inspection,
	submitInspection: m.mutation_submit_inspection,
	returnInspection: m.mutation_return_inspection,
	approveInspection: m.mutation_approve_inspection,
	adjustFinding: m.mutation_adjust_finding,
	reportFix: m.mutation_report_fix,
	verifyFix: m.mutation_verify_fix,
	reopenFinding: m.mutation_reopen_finding,
	requestExtension: m.mutation_request_extension,
	grantExtension: m.mutation_grant_extension,
	refuseExtension: m.mutation_refuse_extension,
	holdSections: m.mutation_hold_sections,
	resolveAnswerConflict: m.mutation_resolve_answer_conflict,
	handInPart: m.mutation_hand_in_part,
	releaseMember: m.mutation_release_member,
	relayPart: m.mutation_relay_part,
	recordInterview: m.mutation_record_interview,
	removeInterview: m.mutation_remove_interview
};

/** True for the names of the intents this app knows. */
export const isMutationName = (name: string): name is MutationName => Object.hasOwn(words, name);

/** A change's name in words; a name this version does not know (a newer device's) as it is. */
export const mutationLabel = (name: string): string => (isMutationName(name) ? words[name]() : name);
