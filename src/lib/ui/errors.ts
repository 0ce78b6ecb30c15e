/**
 * Error codes into words. The server answers endpoint errors and refused mutations with a
 * `code` and an English `message`; the device's own refusals are codes too. Every code the UI
 * can meet maps to one message key here (error_<code>); a code not listed (a newer server)
 * shows the server's own message, so the user still reads something specific.
 *
 * Every code of the protocol's `errorCodes` must have words here: the type check below fails
 * the build when the server gains a code the UI cannot put into words.
 */
import type { ErrorCode } from '$lib/domain/protocol';
import { language, m } from './i18n.svelte';

const errorMessages = {
	// mutation results (src/lib/server/sync/results.ts)
	invalid: m.error_invalid,
	forbidden: m.error_forbidden,
	not_found: m.error_not_found,
	blob_mismatch: m.error_blob_mismatch,
	already_exists: m.error_already_exists,
	not_editable: m.error_not_editable,
	missing_blob: m.error_missing_blob,
	seq_gap: m.error_seq_gap,
	seq_reused: m.error_seq_reused,
	waiting_for_seq: m.error_waiting_for_seq,
	mutation_id_reused: m.error_mutation_id_reused,
	schema_too_new: m.error_schema_too_new,
	unknown_template: m.error_unknown_template,
	unknown_section: m.error_unknown_section,
	unknown_item: m.error_unknown_item,
	unknown_unit: m.error_unknown_unit,
	unit_inactive: m.error_unit_inactive,
	unknown_reception_point: m.error_unknown_reception_point,
	reception_point_inactive: m.error_reception_point_inactive,
	wrong_value_kind: m.error_wrong_value_kind,
	impossible_count: m.error_impossible_count,
	deadline_before_visit: m.error_deadline_before_visit,
	deadline_too_far: m.error_deadline_too_far,
	item_not_failed: m.error_item_not_failed,
	missing_finding: m.error_missing_finding,
	signatures_void: m.error_signatures_void,
	not_a_team_member: m.error_not_a_team_member,
	reviewer_adjustment_changed: m.error_reviewer_adjustment_changed,
	deadline_not_extended: m.error_deadline_not_extended,
	// endpoints (Refusal in src/lib/server/http.ts, auth, blobs, admin)
	invalid_request: m.error_invalid_request,
	invalid_json: m.error_invalid_json,
	empty_body: m.error_empty_body,
	body_too_large: m.error_body_too_large,
	not_signed_in: m.error_not_signed_in,
	unauthenticated: m.error_unauthenticated,
	invalid_credentials: m.error_invalid_credentials,
	account_disabled: m.error_account_disabled,
	rate_limited: m.error_rate_limited,
	wrong_password: m.error_wrong_password,
	same_password: m.error_same_password,
	password_change_required: m.error_password_change_required,
	session_not_found: m.error_session_not_found,
	user_not_found: m.error_user_not_found,
	username_taken: m.error_username_taken,
	own_account: m.error_own_account,
	own_password: m.error_own_password,
	outside_own_province: m.error_outside_own_province,
	unit_not_found: m.error_unit_not_found,
	reception_point_not_found: m.error_reception_point_not_found,
	roster_officer_not_found: m.error_roster_officer_not_found,
	unknown_roster_officer: m.error_unknown_roster_officer,
	too_many_branches: m.error_too_many_branches,
	province_required: m.error_province_required,
	province_not_found: m.error_province_not_found,
	commune_not_in_province: m.error_commune_not_in_province,
	not_an_inspector: m.error_not_an_inspector,
	inspector_disabled: m.error_inspector_disabled,
	inspector_not_in_province: m.error_inspector_not_in_province,
	client_of_another_user: m.error_client_of_another_user,
	not_an_image: m.error_not_an_image,
	blob_too_large: m.error_blob_too_large,
	image_undecodable: m.error_image_undecodable,
	image_type_mismatch: m.error_image_type_mismatch,
	image_too_many_pixels: m.error_image_too_many_pixels,
	blob_quota_user: m.error_blob_quota_user,
	blob_quota_record: m.error_blob_quota_record,
	hash_mismatch: m.error_hash_mismatch,
	invalid_value: m.error_invalid_value,
	cross_origin: m.error_cross_origin,
	blob_not_found: m.error_blob_not_found,
	database_unavailable: m.error_database_unavailable,
	database_busy: m.error_database_busy,
	database_full: m.error_database_full,
	template_invalid: m.error_template_invalid,
	plan_not_found: m.error_plan_not_found,
	draw_not_found: m.error_draw_not_found,
	draw_exists: m.error_draw_exists,
	draw_already_executed: m.error_draw_already_executed,
	template_not_found: m.error_template_not_found,
	template_version_taken: m.error_template_version_taken,
	template_scope_mismatch: m.error_template_scope_mismatch,
	template_not_draft: m.error_template_not_draft,
	template_not_published: m.error_template_not_published,
	template_last_published: m.error_template_last_published,
	effective_from_in_past: m.error_effective_from_in_past,
	// the device's own (src/lib/local: admin-api, action-errors, state machines)
	offline: m.error_offline,
	admin_offline: m.error_admin_offline,
	server_unavailable: m.error_server_unavailable,
	role_not_allowed: m.error_role_not_allowed,
	wrong_status: m.error_wrong_status,
	author_only: m.error_author_only,
	not_own_record: m.error_not_own_record,
	other_unit: m.error_other_unit,
	other_province: m.error_other_province,
	inspection_not_found: m.error_inspection_not_found,
	finding_not_found: m.error_finding_not_found,
	not_approved: m.error_not_approved,
	not_awaiting_review: m.error_not_awaiting_review,
	not_assigned: m.error_not_assigned,
	already_started: m.error_already_started,
	unplanned_reason_required: m.error_unplanned_reason_required,
	bad_response: m.error_bad_response,
	nothing_checked: m.error_nothing_checked,
	inspector_signature_missing: m.error_inspector_signature_missing,
	unit_rep_signature_missing: m.error_unit_rep_signature_missing
} satisfies Record<string, () => string>;

export type KnownErrorCode = keyof typeof errorMessages;
type Unworded = Exclude<ErrorCode, KnownErrorCode>;
/** Compile-time check: names any server code that has no words above. */
export const everyServerCodeWorded: [Unworded] extends [never] ? true : Unworded = true;
export const knownErrorCodes = Object.keys(errorMessages) as KnownErrorCode[];

const isKnown = (code: string): code is KnownErrorCode => Object.hasOwn(errorMessages, code);

/**
 * The words for an error code; `fallback` (the server's message) when the code is not known here.
 * A request or mutation refused by a schema (`invalid_request`, `invalid`) carries the schema's
 * validation code as its message (`password_too_short`): that code is worded instead of the
 * generic refusal.
 */
export function errorText(code: string, fallback?: string): string {
	if ((code === 'invalid_request' || code === 'invalid') && fallback !== undefined && isValidationCode(fallback)) {
		return validationMessages[fallback]();
	}
	if (isKnown(code)) return errorMessages[code]();
	const status = /^http_(\d+)$/.exec(code);
	if (status) return fallback ?? m.error_server_status({ status: status[1] ?? code });
	return fallback ?? m.error_unexpected();
}

/** Messages of the shared schemas are validation codes (src/lib/domain); their words live here. */
const validationMessages = {
	invalid_datetime: m.validation_invalid_datetime,
	invalid_date: m.validation_invalid_date,
	name_required: m.validation_name_required,
	team_required: m.validation_team_required,
	passed_exceeds_size: m.validation_passed_exceeds_size,
	not_checkable_reason_required: m.validation_not_checkable_reason_required,
	refusal_reason_required: m.validation_refusal_reason_required,
	recommendation_required: m.validation_recommendation_required,
	return_comment_required: m.validation_return_comment_required,
	fix_text_required: m.validation_fix_text_required,
	too_many_photos: m.validation_too_many_photos,
	reopen_reason_required: m.validation_reopen_reason_required,
	extension_reason_required: m.validation_extension_reason_required,
	extension_refusal_required: m.validation_extension_refusal_required,
	invalid_status: m.validation_invalid_status,
	invalid_id: m.validation_invalid_id,
	invalid_sha256: m.validation_invalid_sha256,
	fingerprint_required: m.validation_fingerprint_required,
	invalid_fingerprint: m.validation_invalid_fingerprint,
	invalid_latitude: m.validation_invalid_latitude,
	invalid_longitude: m.validation_invalid_longitude,
	inspectors_required: m.validation_inspectors_required,
	too_many_inspectors: m.validation_too_many_inspectors,
	window_end_before_start: m.validation_window_end_before_start,
	inspector_assigned_twice: m.validation_inspector_assigned_twice,
	one_team_leader_required: m.validation_one_team_leader_required,
	one_secretary_at_most: m.validation_one_secretary_at_most,
	// plans of visits and their draws (src/lib/domain/protocol/plans.ts)
	title_required: m.validation_title_required,
	units_required: m.validation_units_required,
	too_many_units: m.validation_too_many_units,
	decision_number_required: m.validation_decision_number_required,
	decision_signer_required: m.validation_decision_signer_required,
	topic_only_for_chuyen_de: m.validation_topic_only_for_chuyen_de,
	hand_pick_reason_required: m.validation_hand_pick_reason_required,
	plan_or_dates_required: m.validation_plan_or_dates_required,
	// accounts, sign-in and the admin API (src/lib/server/auth, src/lib/server/admin)
	username_required: m.validation_username_required,
	username_too_short: m.validation_username_too_short,
	username_too_long: m.validation_username_too_long,
	username_charset: m.validation_username_charset,
	login_username_too_long: m.validation_login_username_too_long,
	password_required: m.validation_password_required,
	current_password_required: m.validation_current_password_required,
	password_too_short: m.validation_password_too_short,
	password_too_common: m.validation_password_too_common,
	password_is_username: m.validation_password_is_username,
	invalid_session_id: m.validation_invalid_session_id,
	password_too_long: m.validation_password_too_long,
	login_password_too_long: m.validation_login_password_too_long,
	display_name_too_long: m.validation_display_name_too_long,
	invalid_role: m.validation_invalid_role,
	invalid_unit_code: m.validation_invalid_unit_code,
	role_needs_province: m.validation_role_needs_province,
	ward_needs_commune: m.validation_ward_needs_commune,
	commune_only_for_ward: m.validation_commune_only_for_ward,
	no_changes: m.validation_no_changes,
	province_code_not_number: m.validation_province_code_not_number,
	unit_code_not_number: m.validation_unit_code_not_number,
	active_required: m.validation_active_required,
	invalid_before: m.validation_invalid_before,
	invalid_limit: m.validation_invalid_limit,
	// report periods (src/lib/domain/reports.ts, GET /api/reports)
	invalid_period: m.validation_invalid_period,
	period_end_before_start: m.validation_period_end_before_start,
	period_too_long: m.validation_period_too_long,
	limit_too_large: m.validation_limit_too_large
} satisfies Record<string, () => string>;

const isValidationCode = (message: string): message is keyof typeof validationMessages => Object.hasOwn(validationMessages, message);

export const validationCodes = [...Object.keys(validationMessages), 'too_long'];

/** One schema issue in words; zod's own English message for an issue without a code of ours. */
export function validationText(issue: { message: string; maximum?: unknown }): string {
	if (issue.message === 'too_long') return m.validation_too_long({ max: Number(issue.maximum).toLocaleString(language.current) });
	if (isValidationCode(issue.message)) return validationMessages[issue.message]();
	return issue.message;
}

/**
 * A refused sign-in or password change in words. A rate-limited one says how long to wait, from
 * the answer's Retry-After (the body's message is English and for logs only).
 */
export function authErrorText(failure: { code: string; message?: string; retryAfterSeconds?: number }): string {
	if (failure.code === 'rate_limited' && failure.retryAfterSeconds !== undefined) {
		return m.error_login_rate_limited({ minutes: Math.max(1, Math.ceil(failure.retryAfterSeconds / 60)) });
	}
	return errorText(failure.code, failure.message);
}
