/**
 * The one error convention of the HTTP API and the sync protocol (docs/sync-protocol.md).
 *
 * - An endpoint that refuses a whole request answers `{ error: { code, field?, message } }`.
 * - A pushed mutation that does not apply is answered `{ status, code, field?, message }`.
 *
 * `code` is stable snake_case from `errorCodes`: programs branch on it and the UI translates it
 * through the message files (one message key per code). `field` is a dotted path into the
 * request (`args.team.0.name`). `message` is an English sentence for logs and outside clients;
 * the app never shows it to people.
 */
import { z } from 'zod';

/** Codes of a refused HTTP request (the `error.code` of a 4xx/5xx body). */
export const requestErrorCodes = [
	'invalid_json',
	'invalid_request',
	'invalid_value',
	'body_too_large',
	'empty_body',
	'not_signed_in',
	'unauthenticated',
	'invalid_credentials',
	'account_disabled',
	'rate_limited',
	'wrong_password',
	'same_password',
	'password_change_required',
	'session_not_found',
	'forbidden',
	'outside_own_province',
	'cross_origin',
	'client_of_another_user',
	'already_exists',
	'user_not_found',
	'username_taken',
	'own_account',
	'own_password',
	'province_required',
	'province_not_found',
	'unit_not_found',
	'reception_point_not_found',
	'roster_officer_not_found',
	'too_many_branches',
	'commune_not_in_province',
	'not_an_inspector',
	'inspector_disabled',
	'inspector_not_in_province',
	'blob_not_found',
	'blob_too_large',
	'not_an_image',
	'image_undecodable',
	'image_type_mismatch',
	'image_too_many_pixels',
	'blob_quota_user',
	'blob_quota_record',
	'hash_mismatch',
	'database_unavailable',
	'database_busy',
	'database_full',
	/** Photo storage (an S3 bucket) out of reach or failing on its side: 503 with Retry-After. */
	'storage_unavailable',
	'template_not_found',
	'template_version_taken',
	'template_scope_mismatch',
	'template_not_draft',
	'template_not_published',
	'template_last_published',
	/** Drafting or importing into a template of the other kind (a checklist's id for a questionnaire, or the reverse). */
	'template_kind_mismatch',
	'effective_from_in_past',
	/** An imported template (XLSX or JSON) does not validate; `problems` lists every fault found. */
	'template_invalid',
	/** A plan (or a draw) that does not exist or is not the caller's to see: the same 404 either way. */
	'plan_not_found',
	'draw_not_found',
	/** A plan has one draw (docs/draw.md). */
	'draw_exists',
	'draw_already_executed',
	/** A device key's id is not the RFC 7638 thumbprint of the key sent with it. */
	'key_id_mismatch',
	/** A record the caller may not see, or none: the same 404 either way. */
	'inspection_not_found',
	/** A feedback point that does not exist, or is not the caller's to see; a public token that names none. */
	'feedback_point_not_found',
	/** The feedback point was revoked or rotated: its poster is out of date (410 to the public page). */
	'feedback_point_revoked',
	/** The unit already has an active feedback point: rotate or revoke it (docs/feedback-point.md). */
	'feedback_point_exists',
	/** A feedback item of another province, or none: the same 404 either way (docs/feedback.md). */
	'feedback_item_not_found',
	/** The feedback item was already marked handled (by someone else, or a repeated click). */
	'feedback_item_handled'
] as const;

/** Codes of a pushed mutation's result that is not `applied` (see `MutationStatus`). */
export const mutationErrorCodes = [
	/** rejected: the mutation does not match its intent's schema (see `field`). */
	'invalid',
	/** rejected: this user may not do this. */
	'forbidden',
	/** rejected: the inspection, officer or finding it refers to is not on the server. */
	'not_found',
	/** rejected: the stored blob is not what the metadata says (size or type). */
	'blob_mismatch',
	/** rejected: the record already holds its cap of photos or photo bytes (docs/operations.md). */
	'blob_quota_record',
	/** rejected: the template or template version is not one the server ships. */
	'unknown_template',
	/** rejected: the pinned template has no such section. */
	'unknown_section',
	/** rejected: the pinned template has no such item. */
	'unknown_item',
	/** rejected: the unit code is not in the official list of communes, nor a centre or branch of the province. */
	'unknown_unit',
	/** rejected: the unit is a branch its province has closed. */
	'unit_inactive',
	/** rejected: the reception point is not one of the unit's. */
	'unknown_reception_point',
	/** rejected: the reception point has been closed. */
	'reception_point_inactive',
	/** rejected: an officer's rosterId is not on the roster of the inspection's unit (docs/roster.md). */
	'unknown_roster_officer',
	/** rejected: the answer is of another kind than the item takes (a count for a pass/fail item). */
	'wrong_value_kind',
	/** rejected: figures that cannot be true (negative, more passed than checked, more present than on the roster). */
	'impossible_count',
	/** rejected: a finding's deadline is before the visit's date. */
	'deadline_before_visit',
	/** rejected: a finding's deadline is more than a year (366 days) after the visit. */
	'deadline_too_far',
	/** rejected: a finding names an item whose answer on this record did not fail. */
	'item_not_failed',
	/** rejected: an item of this record failed and the submission has no finding for it. */
	'missing_finding',
	/** conflict: an entity with this id already exists. */
	'already_exists',
	/** conflict: the record or finding is no longer in a state that allows it. */
	'not_editable',
	/** deferred: upload the blob named in `field`, then push again. */
	'missing_blob',
	/** deferred: an earlier seq has not arrived; send it first. */
	'seq_gap',
	/** deferred: this seq was already used by another mutation of this client. */
	'seq_reused',
	/** deferred: an earlier mutation in the batch was not applied, so this one waits. */
	'waiting_for_seq',
	/** deferred: this mutationId was already used by another client. */
	'mutation_id_reused',
	/** deferred: the mutation was written by a newer app version than this server. */
	'schema_too_new',
	/** rejected: a signature of the record was given for other content than the one submitted. */
	'signatures_void',
	/** rejected: a team member's signature ('member:<n>') names nobody on the record's team at that place (docs/sync-protocol.md, signInspection). */
	'not_a_team_member',
	/**
	 * rejected: a resubmitted finding changes what a reviewer set during an earlier review (its
	 * deadline, severity, corrective action or detail); only a reviewer changes those.
	 */
	'reviewer_adjustment_changed',
	/** rejected: an extension's deadline is not later than the finding's current deadline. */
	'deadline_not_extended',
	/** rejected: a team member wrote in a section they do not hold (team-record.ts); `field` names the item or section. */
	'section_not_held',
	/** rejected: the section is held by another member; the trưởng đoàn hands it over. */
	'section_held',
	/** rejected: the account named is not on the record's team. */
	'not_on_team',
	/** rejected: a team member may remove only the photos they took. */
	'not_your_photo',
	/** rejected: an annotated photo names an original (`originalSha256`) that is no photo of the same record. */
	'unknown_original',
	/** rejected: the chosen version is not one of the conflict's versions. */
	'unknown_answer_version',
	/** rejected: the record has answers given twice differently; the trưởng đoàn chooses first. */
	'answer_conflicts_open',
	/** rejected: a member who took part has neither handed in their part nor been released. */
	'team_parts_outstanding',
	/** rejected: a team account named in a header (`team.<n>.userId`) does not exist. */
	'user_not_found',
	/** rejected: a team account is neither an inspector nor a supervisor. */
	'not_an_inspector',
	/** rejected: a team account is disabled. */
	'inspector_disabled',
	/** rejected: a team account belongs to another province than the inspected unit. */
	'inspector_not_in_province',
	/** rejected: a relayed part is not signed by a registered, unrevoked key of the member it names (relayPart). */
	'part_signature_invalid',
	/** rejected: an interview names a questionnaire version the server does not ship (a draft, a checklist, none). */
	'unknown_questionnaire',
	/** rejected: an interview's answers do not fit its questionnaire (questionnaire.ts `checkResponse`); `field` names the answer or fact. */
	'response_invalid'
] as const;

/** Every code the server sends, once: the i18n message files have one key per entry. */
export const errorCodes = [...new Set([...requestErrorCodes, ...mutationErrorCodes])] as readonly ErrorCode[];

export type RequestErrorCode = (typeof requestErrorCodes)[number];
export type MutationErrorCode = (typeof mutationErrorCodes)[number];
export type ErrorCode = RequestErrorCode | MutationErrorCode;

/**
 * What went wrong, as both conventions carry it. `code` is read as any string on the wire: a
 * newer server may send a code this app does not know yet, and that must not make the whole
 * answer unreadable.
 */
export const problemSchema = z.object({
	code: z.string().regex(/^[a-z][a-z0-9_]*$/),
	field: z.string().optional(),
	message: z.string()
});
export interface Problem<C extends string = ErrorCode> {
	code: C;
	field?: string;
	message: string;
}

/**
 * One fault of a document sent whole (an imported template): where it is — a JSON path in
 * `field`, or for a spreadsheet its `sheet`, 1-based `row` and `column` (the header's machine
 * name) with the `cell` reference ("Q12") — and an English `message`. Any of the places may be
 * missing when the fault concerns the whole document.
 */
export const locatedProblemSchema = z.object({
	message: z.string(),
	/** The schema's issue code ('too_small', 'invalid_type', …) when the template schema found it: the UI words it. */
	code: z.string().optional(),
	/** For a size issue: what was too small or too big ('string', 'array', 'number'), and the least allowed. */
	origin: z.string().optional(),
	minimum: z.number().optional(),
	field: z.string().optional(),
	sheet: z.string().optional(),
	row: z.number().int().positive().optional(),
	column: z.string().optional(),
	cell: z.string().optional()
});
export type LocatedProblem = z.infer<typeof locatedProblemSchema>;

/**
 * A refused request. `problems` (optional, so older readers ignore it) lists every fault when
 * the request was a whole document checked at once (`template_invalid`); `field` and `message`
 * then describe the first of them.
 */
export const errorBodySchema = z.object({ error: problemSchema.extend({ problems: z.array(locatedProblemSchema).optional() }) });
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** The one builder of a problem: `field` is left out, not sent as undefined, when there is none. */
export function problemOf<C extends string>(code: C, message: string, field?: string): Problem<C> {
	return field === undefined || field === '' ? { code, message } : { code, field, message };
}

/** "args.team.0.name" — how a path into a request is written in error bodies and results. */
export function fieldPath(path: readonly PropertyKey[]): string {
	return path.map((p) => String(p)).join('.');
}
