/**
 * The audit log in words: what happened ("Trả lời tiêu chí", not `mutation:answerItem`), the
 * names of the facts recorded with it ("thiết bị", not `clientId`) and the values that are codes
 * ("sai mật khẩu", not `wrong_password`). An action or fact this version does not know (a newer
 * server's) still shows, under its own name.
 */
import { isRole } from '$lib/domain/permissions';
import { errorText } from './errors';
import { m } from './i18n.svelte';
import { roleLabel } from './labels';
import { mutationLabel } from './mutation-labels';

const actions: Record<string, () => string> = {
	login: m.admin_signed,
	login_failed: m.admin_failed_sign,
	logout: m.admin_signed_out,
	password_changed: m.admin_changed_own_password,
	password_reset: m.admin_password_reset,
	user_created: m.admin_account_created,
	user_disabled: m.admin_account_disabled,
	user_enabled: m.admin_account_enabled,
	role_changed: m.admin_role_unit_changed,
	display_name_changed: m.admin_name_changed,
	unit_activated: m.admin_commune_activated,
	unit_deactivated: m.admin_commune_deactivated,
	login_throttled: m.admin_audit_sign_in_throttled,
	sessions_revoked: m.admin_audit_sessions_revoked,
	mutation_refused: m.admin_audit_mutation_refused,
	request_forbidden: m.admin_audit_request_forbidden,
	blob_uploaded: m.admin_audit_blob_uploaded,
	blob_refused: m.admin_audit_blob_refused,
	blobs_cleaned: m.admin_audit_blobs_cleaned,
	audit_verified: m.admin_audit_verified,
	audit_anchored: m.admin_audit_anchored,
	backup_created: m.admin_audit_backup_created,
	backup_restored: m.admin_audit_backup_restored,
	branch_created: m.admin_audit_branch_created,
	branch_changed: m.admin_audit_branch_changed,
	reception_point_created: m.admin_audit_reception_point_created,
	reception_point_changed: m.admin_audit_reception_point_changed,
	unit_location_set: m.admin_audit_unit_location_set,
	unit_locations_imported: m.admin_audit_unit_locations_imported,
	plan_created: m.admin_audit_plan_created,
	plan_defined: m.admin_audit_plan_defined,
	draw_committed: m.admin_audit_draw_committed,
	draw_executed: m.admin_audit_draw_executed,
	data_exported: m.admin_audit_data_exported,
	report_document_exported: m.admin_audit_report_document_exported,
	roster_officer_added: m.admin_audit_roster_officer_added,
	roster_officer_changed: m.admin_audit_roster_officer_changed,
	template_draft_created: m.admin_audit_template_draft_created,
	template_draft_updated: m.admin_audit_template_draft_updated,
	template_draft_deleted: m.admin_audit_template_draft_deleted,
	template_imported: m.admin_audit_template_imported,
	template_exported: m.admin_audit_template_exported,
	template_published: m.admin_audit_template_published,
	template_retired: m.admin_audit_template_retired,
	feedback_point_created: m.admin_audit_feedback_point_created,
	feedback_point_rotated: m.admin_audit_feedback_point_rotated,
	feedback_point_revoked: m.admin_audit_feedback_point_revoked,
	feedback_item_handled: m.admin_audit_feedback_item_handled,
	feedback_settings_changed: m.admin_audit_feedback_settings_changed
};

/** The actions worded here (the test compares them with those the server writes). */
export const wordedAuditActions = Object.keys(actions);

const MUTATION = 'mutation:';

export function auditActionLabel(action: string): string {
	const words = actions[action];
	if (words) return words();
	if (action.startsWith(MUTATION)) return m.admin_audit_change_synced({ change: mutationLabel(action.slice(MUTATION.length)) });
	return m.admin_audit_other_action({ action });
}

const facts: Record<string, () => string> = {
	username: m.admin_account,
	role: m.admin_role,
	provinceCode: m.admin_province,
	unitCode: m.admin_commune,
	unitName: m.admin_unit,
	address: m.admin_ip_address,
	reason: m.admin_reason,
	from: m.admin_from,
	to: m.admin_changed_to,
	via: m.admin_via,
	demo: m.admin_demo_data,
	name: m.admin_audit_fact_change,
	code: m.admin_audit_fact_problem,
	inspectionId: m.admin_audit_fact_record,
	clientId: m.admin_audit_fact_device,
	mutationId: m.admin_audit_fact_change_id,
	seq: m.admin_audit_fact_queue_position,
	method: m.admin_audit_fact_request,
	path: m.admin_audit_fact_request,
	status: m.admin_audit_fact_http_status,
	count: m.admin_audit_fact_count,
	templateId: m.admin_audit_fact_template,
	version: m.admin_audit_fact_version,
	format: m.admin_audit_fact_format,
	pointName: m.admin_audit_fact_point,
	officerName: m.admin_audit_fact_officer,
	rosterId: m.admin_audit_fact_officer,
	active: m.admin_audit_fact_active,
	revoked: m.admin_audit_fact_sessions_ended,
	sessionId: m.admin_audit_fact_session,
	planId: m.admin_audit_fact_plan,
	plan: m.admin_audit_fact_plan,
	drawId: m.admin_audit_fact_draw,
	seedHash: m.admin_audit_fact_seed_hash,
	seed: m.admin_audit_fact_seed,
	hash: m.admin_audit_fact_hash,
	sha256: m.admin_audit_fact_photo,
	hashes: m.admin_audit_fact_hashes,
	size: m.admin_audit_fact_size,
	bytes: m.admin_audit_fact_bytes,
	file: m.admin_audit_fact_file,
	attempt: m.admin_audit_fact_attempt,
	by: m.admin_audit_fact_blocked_by,
	retryAfterSeconds: m.admin_audit_fact_wait_seconds,
	lat: m.admin_audit_fact_latitude,
	lng: m.admin_audit_fact_longitude,
	removed: m.admin_audit_fact_removed,
	graceDays: m.admin_audit_fact_grace_days,
	cutoff: m.admin_audit_fact_cutoff,
	period: m.admin_audit_fact_period,
	windowStart: m.admin_audit_fact_window_start,
	windowEnd: m.admin_audit_fact_window_end,
	assignedInspectorIds: m.admin_audit_fact_assigned,
	team: m.admin_audit_fact_team,
	dataset: m.admin_audit_fact_dataset,
	lang: m.admin_audit_fact_language,
	filter: m.admin_audit_fact_filter,
	scope: m.admin_audit_fact_scope,
	continued: m.admin_audit_fact_continued,
	rows: m.admin_audit_fact_rows
};

export const auditFactLabel = (key: string): string => facts[key]?.() ?? key;

const codedValues: Record<string, Record<string, () => string>> = {
	reason: {
		wrong_password: m.admin_audit_reason_wrong_password,
		unknown_user: m.admin_audit_reason_unknown_user,
		disabled: m.admin_audit_reason_disabled
	},
	via: { cli: m.admin_audit_via_cli, admin: m.admin_audit_via_admin },
	by: { pair: m.admin_audit_by_pair, address: m.admin_audit_by_address, account: m.admin_audit_by_account }
};

/** A recorded value in words where it is a code (a role, a reason, a refused change's name or error). */
export function auditValueLabel(key: string, value: string | number | boolean): string {
	if (typeof value === 'boolean') return value ? m.admin_audit_fact_yes() : m.admin_audit_fact_no();
	if (typeof value === 'number') return String(value);
	if (key === 'role' && isRole(value)) return roleLabel(value);
	if (key === 'name') return mutationLabel(value);
	if (key === 'code') return errorText(value, value);
	return codedValues[key]?.[value]?.() ?? value;
}
