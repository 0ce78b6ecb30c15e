/**
 * The inspection record and its parts, as shared by the device, the sync protocol and the
 * server. Times are ISO strings from the device clock: they are shown to people, never used
 * to decide which write wins (server versions do that).
 */
import { z } from 'zod';
import { idSchema, sha256Schema } from './ids';
import { receptionPointRefSchema } from './units-2025';

// Schema messages are validation codes (name_required, too_long…), worded by the UI as
// validation_<code> in the message files; the server sends them on as the error message.
const isoDateTime = z.iso.datetime({ offset: true, message: 'invalid_datetime' });
const isoDate = z.iso.date({ message: 'invalid_date' });
const name = z.string().trim().min(1, 'name_required').max(120, 'too_long');
const shortText = z.string().trim().max(200, 'too_long');
export const longText = z.string().max(5000, 'too_long');

export const teamRoleSchema = z.enum(['truong_doan', 'thanh_vien', 'thu_ky']);
export type TeamRole = z.infer<typeof teamRoleSchema>;

export const teamMemberSchema = z.object({
	/**
	 * The member's account, when the team was chosen from the province's accounts (a planned
	 * visit, issue 16); absent for a name typed on the device and on every older record, and
	 * absent stays absent, so those records keep their fingerprint.
	 */
	userId: idSchema.optional(),
	name,
	role: teamRoleSchema,
	position: shortText.default(''),
	organisation: shortText.default('')
});
export type TeamMember = z.infer<typeof teamMemberSchema>;

export const unitRepSchema = z.object({ name, position: shortText.default('') });
export type UnitRep = z.infer<typeof unitRepSchema>;

export const geoPositionSchema = z.object({
	lat: z.number().min(-90).max(90),
	lng: z.number().min(-180).max(180),
	accuracyM: z.number().nonnegative(),
	capturedAt: isoDateTime
});
export type GeoPosition = z.infer<typeof geoPositionSchema>;

export const unitRefSchema = z.object({
	code: z.number().int().positive().max(1_000_000),
	name: z.string().min(1).max(200),
	provinceCode: z.number().int().positive().max(1000),
	provinceName: z.string().min(1).max(200)
});
export type UnitRef = z.infer<typeof unitRefSchema>;

/**
 * Lifecycle on the device and the server. The inspector owns a draft until it is submitted;
 * after that only review intents change it (see inspection-states.ts).
 */
export const inspectionStatusSchema = z.enum(['planned', 'draft', 'submitted', 'returned', 'approved']);
export type InspectionStatus = z.infer<typeof inspectionStatusSchema>;

/**
 * Kind of inspection named in the record's title: đột xuất (unannounced), định kỳ (periodic),
 * chuyên đề (thematic). A record that does not state one is đột xuất (every record made before
 * the field existed); absent stays absent, so those records keep their fingerprint.
 */
export const inspectionTypeSchema = z.enum(['dot_xuat', 'dinh_ky', 'chuyen_de']);
export type InspectionType = z.infer<typeof inspectionTypeSchema>;

/**
 * Whose record it is: 'official' (an inspection team's) or 'self' (a ward's self-inspection, tự
 * kiểm tra, reviewed by nobody and never counted in scores, coverage or reports).
 */
export const inspectionKindSchema = z.enum(['official', 'self']);
export type InspectionKind = z.infer<typeof inspectionKindSchema>;

/** Fields the inspector sets when starting, editable until submission. */
export const inspectionHeaderSchema = z.object({
	inspectionType: inspectionTypeSchema.optional(),
	unit: unitRefSchema,
	/**
	 * The reception point (điểm tiếp nhận) of the unit where the visit took place, when the unit
	 * has more than one (units-2025.ts). Absent on every record made before the field existed,
	 * and absent stays absent, so those records keep their fingerprint.
	 */
	receptionPoint: receptionPointRefSchema.optional(),
	startedAt: isoDateTime,
	position: geoPositionSchema.nullable(),
	/** Why no position: denied, unavailable, timeout — shown on the record. */
	positionNote: shortText.default(''),
	team: z.array(teamMemberSchema).min(1, 'team_required').max(20),
	unitReps: z.array(unitRepSchema).max(20),
	/** Căn cứ: the plan or decision ordering the inspection. */
	basis: shortText.default(''),
	address: shortText.default(''),
	/**
	 * Why a visit no plan ordered was made (kiểm tra ngoài kế hoạch): the start screen requires it
	 * for a visit not started from a plan (planned-visits.ts), the record prints it and the
	 * supervisor sees it. Absent on records started from a plan and on every record made before
	 * the field existed; absent stays absent, so those records keep their fingerprint.
	 */
	unplannedReason: shortText.optional()
});
export type InspectionHeader = z.infer<typeof inspectionHeaderSchema>;

/**
 * The changed header fields of a draft. Built without defaults on purpose: a partial of the
 * header schema would fill absent keys with '' and a patch would wipe fields it never named.
 */
export const inspectionHeaderPatchSchema = z.object({
	inspectionType: inspectionTypeSchema.optional(),
	unit: unitRefSchema.optional(),
	receptionPoint: receptionPointRefSchema.optional(),
	startedAt: isoDateTime.optional(),
	position: geoPositionSchema.nullable().optional(),
	positionNote: shortText.optional(),
	team: z.array(teamMemberSchema).min(1, 'team_required').max(20).optional(),
	unitReps: z.array(unitRepSchema).max(20).optional(),
	basis: shortText.optional(),
	address: shortText.optional(),
	unplannedReason: shortText.optional(),
	recommendations: longText.optional(),
	unitOpinion: longText.optional(),
	unitNoOpinion: z.boolean().optional(),
	sectionIds: z
		.array(z.string().regex(/^[A-Z]$/))
		.min(1)
		.optional()
});
export type InspectionHeaderPatch = z.infer<typeof inspectionHeaderPatchSchema>;

/** A final record number: the n-th record of its issuing body in `year`. */
export const recordNumberSchema = z.object({ number: z.number().int().positive(), year: z.number().int().min(2000).max(9999) });
export type RecordNumber = z.infer<typeof recordNumberSchema>;

export const inspectionSchema = inspectionHeaderSchema.extend({
	id: idSchema,
	templateId: z.string(),
	templateVersion: z.string(),
	/** Sections the inspector switched on (the template's defaults unless changed). */
	sectionIds: z.array(z.string().regex(/^[A-Z]$/)).min(1),
	status: inspectionStatusSchema,
	createdBy: z.string(),
	createdAt: isoDateTime,
	endedAt: isoDateTime.nullable(),
	recommendations: longText.default(''),
	unitOpinion: longText.default(''),
	/**
	 * The representative said explicitly they have no opinion ("Không có ý kiến"). Absent or false
	 * with an empty `unitOpinion`: nothing was said, and the record prints blank lines to be
	 * filled by hand — it never words a view for anyone.
	 */
	unitNoOpinion: z.boolean().optional(),
	/**
	 * When the inspector last submitted (device time). The visit's own times are `startedAt` and
	 * `endedAt`; a resubmission after a return sets this, never `endedAt`.
	 */
	submittedAt: isoDateTime.nullable().optional(),
	/**
	 * The final record number ("Số: n/BB-ĐKT"), given by the server on approval: unique per
	 * issuing body (the province's inspection team) and approval year (Vietnam time). Absent
	 * until approved; the device never sets it, and it is not part of the record's fingerprint
	 * (it is given after signing).
	 */
	recordNumber: recordNumberSchema.optional(),
	/**
	 * 'self' on a ward's self-inspection (tự kiểm tra, docs/self-inspection.md); absent on an
	 * official record, so every record made before the field existed keeps its fingerprint. The
	 * device states it when creating the record; the server checks it against the author's role
	 * and stores it in the `kind` column every report filters on.
	 */
	kind: inspectionKindSchema.optional()
});
export type Inspection = z.infer<typeof inspectionSchema>;

/** A record's kind: official unless it says it is a self-inspection. */
export const kindOf = (doc: { kind?: InspectionKind }): InspectionKind => doc.kind ?? 'official';

export const officerSchema = z.object({
	id: idSchema,
	inspectionId: idSchema,
	name,
	position: shortText.default(''),
	/** Quầy / lĩnh vực the officer sits at. */
	desk: shortText.default(''),
	order: z.number().int().nonnegative(),
	/**
	 * The roster entry (domain/roster.ts) the officer was picked from, so reports can follow one
	 * person across visits; absent for someone not on the unit's roster, and on older records.
	 */
	rosterId: idSchema.optional()
});
export type Officer = z.infer<typeof officerSchema>;

/**
 * One answer to one item (for one officer when the item is per officer). The outcome of a
 * count or sample is derived from its figures by scoring, never stored.
 */
export const answerValueSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('pass'), result: z.enum(['pass', 'fail']) }),
	/**
	 * Không áp dụng, or for observed items không quan sát được, or không kiểm tra được: the item
	 * applies but could not be checked on this visit (`text` says why, required). Counted apart
	 * in the record's coverage (completeness.ts) and never scored.
	 */
	z
		.object({
			kind: z.literal('na'),
			reason: z.enum(['not_applicable', 'not_observed', 'not_checkable']),
			text: shortText.optional()
		})
		.refine((v) => v.reason !== 'not_checkable' || (v.text ?? '').trim().length >= 3, {
			message: 'not_checkable_reason_required',
			path: ['text']
		}),
	z.object({
		kind: z.literal('count'),
		numerator: z.number().int().nonnegative().max(100000),
		denominator: z.number().int().nonnegative().max(100000)
	}),
	z
		.object({
			kind: z.literal('sample'),
			size: z.number().int().nonnegative().max(1000),
			passed: z.number().int().nonnegative().max(1000)
		})
		.refine((v) => v.passed <= v.size, { message: 'passed_exceeds_size', path: ['passed'] }),
	z.object({ kind: z.literal('number'), value: z.number().finite() }),
	z.object({ kind: z.literal('text'), value: longText }),
	z.object({ kind: z.literal('choice'), value: z.string().max(100) })
]);
export type AnswerValue = z.infer<typeof answerValueSchema>;

/** A checklist item's code as templates write it (A1, C12); bounded, since it keys indexes. */
export const itemIdSchema = z.string().regex(/^[A-Z][0-9]{1,2}$/);

/** '' stands for "not per officer" so the key works as an IndexedDB compound key. */
export const answerOfficerIdSchema = z.union([idSchema, z.literal('')]);

/**
 * How an answer was given when not slot by slot (issue 20): 'section_rest_pass', by the confirmed
 * "Tất cả mục còn lại trong phần này: Đạt". Absent: given on its own (and on every answer from an
 * app before issue 20).
 */
export const answerSources = ['section_rest_pass'] as const;
export const answerSourceSchema = z.enum(answerSources);
export type AnswerSource = z.infer<typeof answerSourceSchema>;

export const answerSchema = z.object({
	inspectionId: idSchema,
	itemId: itemIdSchema,
	officerId: answerOfficerIdSchema,
	value: answerValueSchema.nullable(),
	note: longText.default(''),
	answeredAt: isoDateTime,
	via: answerSourceSchema.optional()
});
export type Answer = z.infer<typeof answerSchema>;

export const imageMimeSchema = z.enum(['image/jpeg', 'image/png', 'image/webp']);

/** What the record knows of a photo; the bytes travel separately, addressed by hash. */
export const photoMetaSchema = z.object({
	id: idSchema,
	inspectionId: idSchema,
	itemId: itemIdSchema.nullable(),
	officerId: answerOfficerIdSchema,
	sha256: sha256Schema,
	mime: imageMimeSchema,
	size: z
		.number()
		.int()
		.positive()
		.max(8 * 1024 * 1024),
	width: z.number().int().positive(),
	height: z.number().int().positive(),
	caption: shortText.default(''),
	takenAt: isoDateTime,
	/**
	 * Issue 20: an annotated copy (arrows, circles, text drawn on it) names the photo it was drawn
	 * on by that photo's hash. The original stays on the record; the server accepts the reference
	 * only to a photo attached to the same record (`unknown_original`). Absent on every other photo.
	 */
	originalSha256: sha256Schema.optional()
});
export type PhotoMeta = z.infer<typeof photoMetaSchema>;

/** A content fingerprint as record-fingerprint.ts prints it (XXXX-XXXX-XXXX-XXXX). */
export const contentFingerprintSchema = z.string().regex(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/, 'invalid_fingerprint');

/**
 * Where the device was when a signature was given (proof of presence, issue 16): a fix with a
 * positive accuracy, or why there is none. Absent on signatures made before it was recorded.
 */
export const signaturePositionSchema = z.union([
	geoPositionSchema.extend({ accuracyM: z.number().positive().max(100_000) }).strict(),
	z.object({ unavailable: z.enum(['unsupported', 'denied', 'timeout', 'unavailable']) }).strict()
]);
export type SignaturePosition = z.infer<typeof signaturePositionSchema>;

/**
 * Whose block a signature fills: 'inspector' is the trưởng đoàn's (the only team block before
 * teams signed one by one, so every older signature stays the leader's), 'unit_rep' the unit's
 * representative's, and 'member:<n>' the block of the record's team member at index n (a
 * member or the thư ký; team-signatures.ts says when such a signature counts).
 */
export const signerRoleSchema = z.union([
	z.enum(['inspector', 'unit_rep']),
	z.templateLiteral(['member:', z.number().int()]).refine((v) => /^member:1?[0-9]$/.test(v), 'invalid_signer')
]);
export type SignerRole = z.infer<typeof signerRoleSchema>;

export const signatureMetaSchema = z.discriminatedUnion('refused', [
	z.object({
		refused: z.literal(false),
		inspectionId: idSchema,
		role: signerRoleSchema,
		signerName: name,
		signerPosition: shortText.default(''),
		sha256: sha256Schema,
		mime: z.literal('image/png'),
		size: z
			.number()
			.int()
			.positive()
			.max(2 * 1024 * 1024),
		signedAt: isoDateTime,
		/**
		 * The fingerprint of the signed content (signedContentFingerprint) the signer was shown,
		 * computed on the device at signing. A signature whose fingerprint differs from the
		 * record's current content is void. Absent on signatures made before this field existed.
		 */
		contentFingerprint: contentFingerprintSchema.optional(),
		position: signaturePositionSchema.optional()
	}),
	z.object({
		refused: z.literal(true),
		inspectionId: idSchema,
		role: signerRoleSchema,
		signerName: name,
		signerPosition: shortText.default(''),
		refusalReason: z.string().trim().min(3, 'refusal_reason_required').max(1000),
		/** Who witnessed the refusal (người chứng kiến), printed beside it. */
		witnessName: shortText.optional(),
		witnessPosition: shortText.optional(),
		signedAt: isoDateTime,
		contentFingerprint: contentFingerprintSchema.optional(),
		position: signaturePositionSchema.optional()
	})
]);
export type SignatureMeta = z.infer<typeof signatureMetaSchema>;

/** A shortcoming (tồn tại, hạn chế) fixed into the record when the inspector submits. */
export const findingSchema = z.object({
	id: idSchema,
	inspectionId: idSchema,
	itemId: itemIdSchema,
	sectionId: z.string().min(1).max(20),
	title: z.string().max(1000),
	detail: z.string().max(5000),
	officerIds: z.array(idSchema),
	critical: z.boolean(),
	legal: z.array(
		z.object({ document: z.string(), article: z.string().optional(), clause: z.string().optional(), note: z.string().optional() })
	),
	recommendation: longText.min(3, 'recommendation_required'),
	deadline: isoDate
});
export type Finding = z.infer<typeof findingSchema>;

/** The inspector's edit of a generated finding before submission, keyed by item. */
export const findingDraftSchema = z.object({
	inspectionId: idSchema,
	itemId: itemIdSchema,
	recommendation: longText,
	deadline: isoDate
});
export type FindingDraft = z.infer<typeof findingDraftSchema>;
