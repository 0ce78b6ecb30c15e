/**
 * Database rows into the rows the protocol registry describes (the pulled shape). A leaf module:
 * publishing, the record fingerprint and the content checks all read rows this way.
 */
import type { AnswerSource, SignaturePosition } from '$lib/domain/inspection';
import type { EntityRow } from '$lib/domain/protocol';
import type { AnswerStamp, AnswerVersion, TeamPartState } from '$lib/domain/team-record';
import type {
	AnswerConflictsTable,
	AnswersTable,
	FindingsTable,
	OfficersTable,
	PhotosTable,
	SectionHoldingsTable,
	SignaturesTable,
	TeamPartsTable,
	InterviewsTable
} from '../db/schema';
import type { Selectable } from 'kysely';

export const answerOf = (r: Selectable<AnswersTable>): EntityRow<'answer'> => ({
	inspectionId: r.inspection_id,
	itemId: r.item_id,
	officerId: r.officer_id,
	value: r.value === null ? null : (JSON.parse(r.value) as EntityRow<'answer'>['value']),
	note: r.note,
	answeredAt: r.answered_at,
	answeredBy: r.answered_by,
	...(r.via ? { via: r.via as AnswerSource } : {})
});

export const photoOf = (r: Selectable<PhotosTable>): EntityRow<'photo'> => ({
	id: r.id,
	inspectionId: r.inspection_id,
	itemId: r.item_id,
	officerId: r.officer_id,
	sha256: r.sha256,
	mime: r.mime as EntityRow<'photo'>['mime'],
	size: r.size,
	width: r.width,
	height: r.height,
	caption: r.caption,
	takenAt: r.taken_at,
	...(r.original_sha256 ? { originalSha256: r.original_sha256 } : {})
});

export function signatureOf(r: Selectable<SignaturesTable>): EntityRow<'signature'> {
	const common = {
		inspectionId: r.inspection_id,
		role: r.role as EntityRow<'signature'>['role'],
		signerName: r.signer_name,
		signerPosition: r.signer_position,
		signedAt: r.signed_at,
		...(r.content_fingerprint ? { contentFingerprint: r.content_fingerprint } : {}),
		...(r.position ? { position: JSON.parse(r.position) as SignaturePosition } : {})
	};
	if (r.refused)
		return {
			...common,
			refused: true,
			refusalReason: r.refusal_reason ?? '',
			...(r.witness_name ? { witnessName: r.witness_name, witnessPosition: r.witness_position ?? '' } : {})
		};
	return { ...common, refused: false, sha256: r.sha256 ?? '', mime: 'image/png', size: r.size ?? 0 };
}

export const officerOf = (o: Selectable<OfficersTable>): EntityRow<'officer'> => ({
	id: o.id,
	inspectionId: o.inspection_id,
	name: o.name,
	position: o.position,
	desk: o.desk,
	order: o.sort_order
});

/** A finding as pulled, with its current remediation status (006). */
export const findingOf = (r: Selectable<FindingsTable>): EntityRow<'finding'> & Required<Pick<EntityRow<'finding'>, 'status'>> => ({
	id: r.id,
	inspectionId: r.inspection_id,
	itemId: r.item_id,
	sectionId: r.section_id,
	title: r.title,
	detail: r.detail,
	officerIds: JSON.parse(r.officer_ids) as string[],
	critical: r.critical === 1,
	legal: JSON.parse(r.legal) as EntityRow<'finding'>['legal'],
	recommendation: r.recommendation,
	deadline: r.deadline,
	status: r.status as NonNullable<EntityRow<'finding'>['status']>
});

export const sectionHoldingOf = (r: Selectable<SectionHoldingsTable>): EntityRow<'sectionHolding'> => ({
	inspectionId: r.inspection_id,
	sectionId: r.section_id,
	userId: r.user_id
});

export const answerConflictOf = (r: Selectable<AnswerConflictsTable>): EntityRow<'answerConflict'> => ({
	inspectionId: r.inspection_id,
	itemId: r.item_id,
	officerId: r.officer_id,
	versions: JSON.parse(r.versions) as AnswerVersion[],
	resolvedBy: r.resolved_by,
	resolvedAt: r.resolved_at,
	chosen: r.chosen === null ? null : (JSON.parse(r.chosen) as AnswerStamp)
});

export const teamPartOf = (r: Selectable<TeamPartsTable>): EntityRow<'teamPart'> => ({
	inspectionId: r.inspection_id,
	userId: r.user_id,
	state: r.state as TeamPartState,
	via: r.via as EntityRow<'teamPart'>['via'],
	reason: r.reason,
	at: r.at
});

/** An exit interview (issue 19) as pulled. */
export const interviewOf = (r: Selectable<InterviewsTable>): EntityRow<'interview'> => ({
	id: r.id,
	inspectionId: r.inspection_id,
	questionnaireId: r.questionnaire_id,
	questionnaireVersion: r.questionnaire_version,
	answers: JSON.parse(r.answers) as EntityRow<'interview'>['answers'],
	facts: JSON.parse(r.facts) as EntityRow<'interview'>['facts'],
	takenAt: r.taken_at,
	takenBy: r.taken_by
});
