/**
 * Words for a refused form. The fields a person can type into, by the name their schemas give them, in words: a refused
 * form says "Chức vụ", never `unitReps.0.position`. A field not listed here is not named at all
 * (the message still says what is wrong), so no internal path ever reaches the screen. Loaded
 * with the error words (error-words.ts), read through `fieldText` in errors.ts.
 */
// Named imports, not the `m` namespace: this module is loaded lazily with error-words.ts (which
// re-exports it), and the namespace would pull every message of the app into its chunk.
import {
	field_address,
	field_count,
	field_deadline,
	field_desk,
	field_detail,
	field_name,
	field_note,
	field_officers,
	field_password,
	field_photos,
	field_position,
	field_position_note,
	field_reason,
	field_recommendation,
	field_team,
	field_text,
	field_unit_reps,
	field_unplanned_reason,
	field_username,
	validation_not_allowed_value,
	validation_required,
	validation_too_big,
	validation_too_short_generic,
	validation_wrong_format
} from '$lib/paraglide/messages.js';

export const fieldMessages: Record<string, () => string> = {
	name: field_name,
	displayName: field_name,
	position: field_position,
	desk: field_desk,
	address: field_address,
	positionNote: field_position_note,
	unplannedReason: field_unplanned_reason,
	reason: field_reason,
	refusalReason: field_reason,
	note: field_note,
	comment: field_note,
	detail: field_detail,
	text: field_text,
	recommendation: field_recommendation,
	deadline: field_deadline,
	unitReps: field_unit_reps,
	team: field_team,
	officerIds: field_officers,
	photos: field_photos,
	username: field_username,
	password: field_password,
	numerator: field_count,
	denominator: field_count
};

/**
 * A schema issue without a code of ours, by zod's own code: never zod's English message. A string
 * of at least one character that is too small is simply not filled in.
 */
export function zodIssueWords(issue: { code?: string; minimum?: unknown }): string {
	switch (issue.code) {
		case 'too_small':
			return Number(issue.minimum) === 1 ? validation_required() : validation_too_short_generic();
		case 'too_big':
			return validation_too_big();
		case 'invalid_format':
		case 'invalid_string':
			return validation_wrong_format();
		default:
			return validation_not_allowed_value();
	}
}
