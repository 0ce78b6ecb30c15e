import type { FindingRefusal } from '$lib/domain/finding-states';
import type { TransitionRefusal } from '$lib/domain/inspection-states';
import type { StartRefusal } from '$lib/domain/planned-visits';
import type { RuleProblem } from '$lib/domain/record-rules';
import type { CompletenessRefusal } from '$lib/domain/completeness';
import type { SignatureRefusal } from '$lib/domain/record-state';
import type { teamSubmitRefusal } from '$lib/domain/team-board';

type TeamSubmitRefusal = NonNullable<ReturnType<typeof teamSubmitRefusal>>;

/** Why the device refuses a review or remediation step; the UI turns the code into words. */
export type NotAllowedCode =
	| TransitionRefusal
	| FindingRefusal
	| StartRefusal
	| 'inspection_not_found'
	| 'finding_not_found'
	| 'not_approved'
	| 'not_awaiting_review'
	// Issue 17: the team rules, with the server's codes (team-rules.ts, team-actions.ts).
	| 'section_not_held'
	| 'section_held'
	| 'not_on_team'
	| 'author_only'
	| 'unknown_answer_version'
	| 'already_exists'
	// Issue 19: an interview's answers against its questionnaire (interview-actions.ts), the server's codes.
	| 'unknown_questionnaire'
	| 'response_invalid';

/**
 * Refusals of a user action on the device, by the shared state machines. Its own small module so
 * the error helper (imported by every page) does not pull the review actions into the checklist.
 */
export class NotAllowedError extends Error {
	constructor(
		readonly code: NotAllowedCode,
		detail: string = code
	) {
		super(detail);
		this.name = 'NotAllowedError';
	}
}

/**
 * The device ran the server's content rule (record-rules.ts) and it failed: the change is not
 * saved and not queued, and the code is the one the server would answer (`deadline_too_far`,
 * `impossible_count`, …), so the UI words it the same way.
 */
export class RuleRefusedError extends Error {
	readonly code: RuleProblem['code'];
	readonly field: string;
	constructor(problem: RuleProblem) {
		super(problem.message);
		this.name = 'RuleRefusedError';
		this.code = problem.code;
		this.field = problem.field;
	}
}

export class NotEditableError extends Error {
	constructor() {
		super('The record is finished and can no longer be edited');
		this.name = 'NotEditableError';
	}
}

/**
 * The record may not be closed yet: items unanswered (with their count), nothing checked, or the
 * signatures missing or given for other content. The UI words the code.
 */
export class RecordIncompleteError extends Error {
	constructor(readonly refusal: CompletenessRefusal | { code: SignatureRefusal | TeamSubmitRefusal }) {
		super(`The record cannot be finished: ${refusal.code}`);
		this.name = 'RecordIncompleteError';
	}
}
