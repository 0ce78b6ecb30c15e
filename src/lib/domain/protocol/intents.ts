/**
 * Sync intents: every change a device makes is one of these named mutations, queued in the
 * outbox in the same transaction as the local write, pushed in order and applied by the server
 * exactly once (keyed by mutationId, ordered by the per-client seq). One discriminated union on
 * `name`; the server's handler table is keyed by the same names.
 *
 * The server keeps accepting every schemaVersion it has ever shipped for at least one release,
 * so a phone that was offline across an update still drains its queue.
 */
import { z } from 'zod';
import { idSchema } from '../ids';
import {
	answerSchema,
	findingDraftSchema,
	findingSchema,
	inspectionHeaderPatchSchema,
	inspectionHeaderSchema,
	inspectionSchema,
	officerSchema,
	photoMetaSchema,
	signatureMetaSchema
} from '../inspection';
import { reviewArgsSchemas } from '../review';
import { extensionArgsSchemas } from '../extensions';
import { answerBasisSchema, teamArgsSchemas } from '../team-record';
import { signedPartSchema } from '../team-part';
import { interviewArgsSchemas } from '../interview';
import { groupKey, rowKey } from './entities';
import type { MutationErrorCode } from './errors';

export const MUTATION_SCHEMA_VERSION = 1;

export const mutationArgsSchemas = {
	/** A new draft inspection, created on the device. */
	createInspection: inspectionSchema.omit({ status: true, endedAt: true, recordNumber: true }),
	/**
	 * Starts a planned visit (planned-visits.ts): the record becomes the starting inspector's draft,
	 * with the plan's unit, team, type and căn cứ, and this start's time and position. Only an
	 * assigned inspector, only once: a visit already started answers `conflict / not_editable`.
	 */
	startPlannedInspection: inspectionHeaderSchema
		.pick({ startedAt: true, position: true, positionNote: true })
		.extend({ inspectionId: idSchema }),
	/** Changed header fields of a draft (time, position, team, representatives, basis). */
	updateInspectionHeader: z.object({ inspectionId: idSchema, patch: inspectionHeaderPatchSchema }),
	addOfficer: officerSchema,
	updateOfficer: officerSchema,
	removeOfficer: z.object({ inspectionId: idSchema, officerId: idSchema }),
	/**
	 * Sets (or clears, with value null) the answer to one item for one officer. `basedOn`: the
	 * stamp of the answer the user saw (null: none); the server keeps both versions as a conflict
	 * when another account answered differently without sight of this one (team-record.ts).
	 */
	answerItem: answerSchema.extend({ basedOn: answerBasisSchema }),
	attachPhoto: photoMetaSchema,
	removePhoto: z.object({ inspectionId: idSchema, photoId: idSchema }),
	setFindingDraft: findingDraftSchema,
	signInspection: signatureMetaSchema,
	/**
	 * Closes the record: the findings are fixed, the draft becomes submitted. `endedAt` is the end
	 * of the visit (kept from the first submission on a resubmission); `submittedAt` the moment of
	 * this submission. Refused (`signatures_void`) when a stored signature was given for other
	 * content than the one submitted.
	 */
	submitInspection: z.object({
		inspectionId: idSchema,
		endedAt: z.iso.datetime({ offset: true }),
		submittedAt: z.iso.datetime({ offset: true }).optional(),
		findings: z.array(findingSchema).max(500)
	}),
	/** Review and remediation (review.ts): return, approve, adjust, report, verify, reopen. */
	...reviewArgsSchemas,
	/** Deadline extensions (extensions.ts): the commune asks, a reviewer grants or refuses. */
	...extensionArgsSchemas,
	/** One record, several phones (team-record.ts): sections, conflicting answers, members' parts. */
	...teamArgsSchemas,
	/**
	 * A member's signed part, read by QR code on the trưởng đoàn's phone (team-part.ts) and
	 * relayed by them: the server checks the signature against the member's registered key and
	 * applies each inner mutation as the member, exactly once by its own mutationId.
	 */
	relayPart: signedPartSchema,
	/** Exit interviews during the visit (interview.ts, issue 19): one respondent each, offline. */
	...interviewArgsSchemas
} as const;

export type MutationName = keyof typeof mutationArgsSchemas;
export const mutationNames = Object.keys(mutationArgsSchemas) as [MutationName, ...MutationName[]];
export const mutationNameSchema = z.enum(mutationNames);

export type MutationArgs<N extends MutationName> = z.infer<(typeof mutationArgsSchemas)[N]>;

const envelope = {
	mutationId: idSchema,
	/** Position in this client's queue, starting at 1, no gaps. */
	seq: z.number().int().positive(),
	schemaVersion: z.number().int().positive().max(MUTATION_SCHEMA_VERSION),
	createdAt: z.iso.datetime({ offset: true })
};

const intentSchema = <N extends MutationName>(name: N) => z.object({ ...envelope, name: z.literal(name), args: mutationArgsSchemas[name] });

/** Every intent, discriminated by `name`; the server parses each pushed mutation with it. */
export const mutationSchema = z.discriminatedUnion(
	'name',
	mutationNames.map(intentSchema) as unknown as [
		ReturnType<typeof intentSchema<MutationName>>,
		...ReturnType<typeof intentSchema<MutationName>>[]
	]
);

/** A mutation as it travels; `args` narrows with `name`. */
export type Mutation = {
	[N in MutationName]: {
		mutationId: string;
		seq: number;
		schemaVersion: number;
		createdAt: string;
		name: N;
		args: MutationArgs<N>;
	};
}[MutationName];

type Touches = { [N in MutationName]: (args: MutationArgs<N>) => string[] };

const inspectionKey = (inspectionId: string) => rowKey('inspection', { id: inspectionId });
const findingKey = (findingId: string) => rowKey('finding', { id: findingId });

/**
 * The rows each intent changes on the server, as entity keys (entities.ts). While an intent is
 * pending, pulled changes to these rows are held back so they cannot undo what the user did.
 */
const touches: Touches = {
	createInspection: (a) => [rowKey('inspection', a)],
	startPlannedInspection: (a) => [inspectionKey(a.inspectionId)],
	updateInspectionHeader: (a) => [inspectionKey(a.inspectionId)],
	// A submission replaces every finding of the record.
	submitInspection: (a) => [inspectionKey(a.inspectionId), groupKey('finding', a.inspectionId)],
	addOfficer: (a) => [rowKey('officer', a)],
	updateOfficer: (a) => [rowKey('officer', a)],
	removeOfficer: (a) => [rowKey('officer', { id: a.officerId })],
	// Only the answer: a conflict it may open or join is the server's to show, never held back.
	answerItem: (a) => [rowKey('answer', a)],
	attachPhoto: (a) => [rowKey('photo', a)],
	removePhoto: (a) => [rowKey('photo', { id: a.photoId })],
	setFindingDraft: (a) => [rowKey('findingDraft', a)],
	signInspection: (a) => [rowKey('signature', a)],
	// Review: the record's status; its event is keyed by the mutationId, never pulled back dirty.
	returnInspection: (a) => [inspectionKey(a.inspectionId)],
	approveInspection: (a) => [inspectionKey(a.inspectionId)],
	// The finding's status or deadline changed on the device: keep it until acknowledged.
	adjustFinding: (a) => [findingKey(a.findingId)],
	reportFix: (a) => [findingKey(a.findingId), rowKey('findingEvent', { id: a.eventId })],
	verifyFix: (a) => [findingKey(a.findingId), rowKey('findingEvent', { id: a.eventId })],
	reopenFinding: (a) => [findingKey(a.findingId), rowKey('findingEvent', { id: a.eventId })],
	requestExtension: (a) => [rowKey('findingEvent', { id: a.eventId })],
	// A grant moves the finding's deadline.
	grantExtension: (a) => [findingKey(a.findingId), rowKey('findingEvent', { id: a.eventId })],
	refuseExtension: (a) => [rowKey('findingEvent', { id: a.eventId })],
	holdSections: (a) => a.sectionIds.map((sectionId) => rowKey('sectionHolding', { inspectionId: a.inspectionId, sectionId })),
	// The choice becomes the answer.
	resolveAnswerConflict: (a) => [rowKey('answerConflict', a), rowKey('answer', a)],
	// The member's own part: the args do not name the member, so the record's parts as a group.
	handInPart: (a) => [groupKey('teamPart', a.inspectionId)],
	releaseMember: (a) => [rowKey('teamPart', a)],
	// The member's changes it carries, as if each were pending on its own.
	relayPart: (a) => a.mutations.flatMap((m) => innerKeys(m.name, m.args)),
	// Only the interview: its feedback item is the supervisors', never pulled to the device.
	recordInterview: (a) => [rowKey('interview', { id: a.interviewId })],
	removeInterview: (a) => [rowKey('interview', { id: a.interviewId })]
};

/** The keys of one inner mutation of a relayed part (its arguments are checked only when applied). */
function innerKeys(name: MutationName, args: Record<string, unknown>): string[] {
	return (touches[name] as (args: unknown) => string[])(args);
}

/** The entity keys a pending mutation will change once applied (see `changeKeys`). */
export function mutationKeys(m: Mutation): string[] {
	return (touches[m.name] as (args: unknown) => string[])(m.args);
}

/** Codes any mutation may be answered with: a schema failure, and the queue's sequencing. */
export const commonMutationErrors = [
	'invalid',
	'seq_gap',
	'seq_reused',
	'waiting_for_seq',
	'mutation_id_reused',
	'schema_too_new'
] as const satisfies readonly MutationErrorCode[];

const byRule = ['forbidden', 'not_found', 'not_editable'] as const satisfies readonly MutationErrorCode[];
const blobs = ['missing_blob', 'blob_mismatch'] as const satisfies readonly MutationErrorCode[];
/** A member writes only in the sections they hold (team-record.ts). */
const section = ['section_not_held'] as const satisfies readonly MutationErrorCode[];
/** The accounts a record's team may name (the plans' rule: active inspectors and supervisors of the province). */
const teamAccounts = [
	'user_not_found',
	'not_an_inspector',
	'inspector_disabled',
	'inspector_not_in_province'
] as const satisfies readonly MutationErrorCode[];
/** The record's content against its pinned template and the official units (record-rules.ts). */
const header = [
	'unknown_template',
	'unknown_section',
	'unknown_unit',
	'unit_inactive',
	'unknown_reception_point',
	'reception_point_inactive'
] as const satisfies readonly MutationErrorCode[];
const deadline = ['deadline_before_visit', 'deadline_too_far'] as const satisfies readonly MutationErrorCode[];

/**
 * The codes each intent's handler may answer besides `commonMutationErrors`: the doc lists them
 * per intent (checked by protocol-doc.test.ts) and the authorization test checks every answer
 * it provokes against them.
 */
export const intentErrors: { [N in MutationName]: readonly MutationErrorCode[] } = {
	createInspection: ['forbidden', 'already_exists', ...header],
	// An inspector not assigned to the visit gets `not_found`, as for no visit at all (secrecy).
	startPlannedInspection: byRule,
	updateInspectionHeader: [...byRule, ...header, ...teamAccounts],
	addOfficer: [...byRule, ...section, 'already_exists', 'unknown_roster_officer', 'unknown_template'],
	updateOfficer: [...byRule, ...section, 'unknown_roster_officer', 'unknown_template'],
	removeOfficer: byRule,
	answerItem: [...byRule, ...section, 'unknown_template', 'unknown_item', 'wrong_value_kind', 'impossible_count'],
	attachPhoto: [
		...byRule,
		...section,
		'already_exists',
		...blobs,
		'blob_quota_record',
		'unknown_template',
		'unknown_item',
		'unknown_original'
	],
	removePhoto: [...byRule, 'not_your_photo'],
	setFindingDraft: [...byRule, ...section, 'unknown_template', 'unknown_item', 'item_not_failed', ...deadline],
	signInspection: [...byRule, ...blobs, 'not_a_team_member'],
	submitInspection: [
		...byRule,
		'already_exists',
		'unknown_template',
		'unknown_item',
		'unknown_section',
		'item_not_failed',
		'missing_finding',
		'signatures_void',
		'reviewer_adjustment_changed',
		'answer_conflicts_open',
		'team_parts_outstanding',
		...deadline
	],
	returnInspection: byRule,
	approveInspection: byRule,
	adjustFinding: [...byRule, ...deadline],
	reportFix: [...byRule, 'already_exists', ...blobs],
	verifyFix: [...byRule, 'already_exists'],
	reopenFinding: [...byRule, 'already_exists'],
	requestExtension: [...byRule, 'already_exists', ...deadline, 'deadline_not_extended'],
	grantExtension: [...byRule, 'already_exists', ...deadline, 'deadline_not_extended'],
	refuseExtension: [...byRule, 'already_exists'],
	holdSections: [...byRule, 'unknown_template', 'unknown_section', 'section_held', 'not_on_team'],
	resolveAnswerConflict: [...byRule, 'unknown_answer_version'],
	handInPart: byRule,
	releaseMember: [...byRule, 'not_on_team'],
	relayPart: [...byRule, 'not_on_team', 'part_signature_invalid'],
	// The questionnaire version must be one the server ships (published or retired) and the
	// answers must fit it (questionnaire.ts `checkResponse`; `field` names the answer).
	recordInterview: [...byRule, 'already_exists', 'unknown_questionnaire', 'response_invalid'],
	removeInterview: byRule
};
