/**
 * The fingerprint (dấu vân tay) of an inspection record: a short code printed on the biên bản
 * that anyone can check against the server's copy at /verify/<id>?fp=<code>.
 *
 * Pure and shared: the device computes it from IndexedDB, the server from its database, and
 * both must reach the same string for the same record. So the content is first put into one
 * canonical form: every part is parsed through the shared schemas (absent optional text and
 * its default '' become the same), strings are NFC-normalised, times are re-written in UTC,
 * lists are sorted by stable keys, object keys are sorted, and what the record does not state
 * (edit times, who created the row, the review status, finding ids and remediation state) is
 * left out. See docs/record-verification.md for the list of what is covered.
 */
import { z } from 'zod';
import { idSchema } from './ids';
import {
	type InspectionStatus,
	answerSchema,
	findingSchema,
	inspectionSchema,
	officerSchema,
	signatureMetaSchema,
	type Answer,
	type Finding,
	type GeoPosition,
	type Inspection,
	type SignaturePosition,
	type Officer,
	type SignatureMeta
} from './inspection';
import { recordSignatures } from './team-signatures';
import { signedAnnex, type InterviewAnnex } from './interview';

export { sameFingerprint, signatureCoverage, type SignatureCoverage } from './signature-coverage';

/** Bumped when the canonical form changes; old printouts then no longer verify. */
export const RECORD_FINGERPRINT_VERSION = 1;

/**
 * Statuses whose record can be verified: submitted or approved. A draft, or a record returned
 * for changes, is not a record yet (its content will change); neither side fingerprints it.
 */
export const VERIFIABLE_STATUSES: readonly InspectionStatus[] = ['submitted', 'approved'];

/** The parts of a record the fingerprint reads, as the device and the server both hold them. */
export interface RecordContent {
	inspection: z.input<typeof inspectionSchema> | Inspection;
	officers: readonly (z.input<typeof officerSchema> | Officer)[];
	answers: readonly (z.input<typeof answerSchema> | Answer)[];
	signatures: readonly (z.input<typeof signatureMetaSchema> | SignatureMeta)[];
	/** Findings as printed; ids, inspection id and remediation status are ignored if present. */
	findings: readonly Omit<z.input<typeof findingSchema>, 'id' | 'inspectionId'>[] | readonly Finding[];
	/**
	 * The annex of the citizens' exit interviews (issue 19, interview.ts `interviewAnnex`): its
	 * aggregate lines are part of the record and of what is signed. Null or absent: the record
	 * has no interview, and its canonical form is exactly what it was before interviews existed.
	 */
	interviewAnnex?: InterviewAnnex | null;
}

const headerPart = inspectionSchema.pick({
	id: true,
	unit: true,
	startedAt: true,
	endedAt: true,
	position: true,
	positionNote: true,
	templateId: true,
	templateVersion: true,
	sectionIds: true,
	team: true,
	unitReps: true,
	basis: true,
	address: true,
	recommendations: true,
	unitOpinion: true,
	unitNoOpinion: true,
	inspectionType: true,
	receptionPoint: true,
	kind: true,
	unplannedReason: true
});
const findingPart = findingSchema.omit({ id: true, inspectionId: true });

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const utc = (iso: string | null) => (iso === null ? null : new Date(iso).toISOString());

/** Strings NFC, object keys sorted, undefined dropped: one text per value. */
function canonicalJson(value: unknown): string {
	const norm = (v: unknown): Json => {
		if (v === null || v === undefined) return null;
		if (typeof v === 'string') return v.normalize('NFC');
		if (typeof v === 'number') {
			if (!Number.isFinite(v)) throw new TypeError('non-finite number in record');
			return v;
		}
		if (typeof v === 'boolean') return v;
		if (Array.isArray(v)) return v.map(norm);
		if (typeof v === 'object') {
			const out: { [key: string]: Json } = {};
			for (const key of Object.keys(v).sort()) {
				const item = (v as Record<string, unknown>)[key];
				if (item !== undefined) out[key] = norm(item);
			}
			return out;
		}
		throw new TypeError(`cannot fingerprint a ${typeof v}`);
	};
	return JSON.stringify(norm(value));
}

const byKey =
	<T>(key: (x: T) => string) =>
	(a: T, b: T) => {
		const ka = key(a);
		const kb = key(b);
		return ka < kb ? -1 : ka > kb ? 1 : 0;
	};

/**
 * The canonical object of a record's content. Fields added after version 1 (a signature's
 * content fingerprint and witness, an explicit "no opinion", the inspection type, the reception
 * point, a signature's position and time with the start position, the reason for an unplanned
 * visit, a team member's account, the annex of citizens' interviews) appear only when the record states them, so a record that does
 * not state them keeps the fingerprint it had. A team member's own signature (team-signatures.ts)
 * is covered while it names a member of the team.
 */
function canonicalObject(content: RecordContent) {
	const h = headerPart.parse(content.inspection);
	const officers = content.officers.map((o) => officerSchema.parse(o));
	const present = new Set(officers.map((o) => o.id));
	const answers = content.answers
		.map((a) => answerSchema.parse(a))
		// A row with neither a value nor a note says nothing: the same as no row. An answer for an
		// officer not on the record (removed; a device may hold it until the server's tombstone
		// arrives) is not part of the record: the server never keeps one.
		.filter((a) => (a.value !== null || a.note.trim() !== '') && (a.officerId === '' || present.has(a.officerId)));
	// A member's signature that names nobody on the team now is no part of the record (team-signatures.ts).
	const signatures = recordSignatures(
		h.team,
		content.signatures.map((s) => signatureMetaSchema.parse(s))
	);
	const findings = content.findings.map((f) => findingPart.parse(f));

	return {
		v: RECORD_FINGERPRINT_VERSION,
		id: h.id.toLowerCase(),
		unitCode: h.unit.code,
		template: `${h.templateId}@${h.templateVersion}`,
		startedAt: utc(h.startedAt),
		endedAt: utc(h.endedAt),
		sections: [...h.sectionIds].sort(),
		basis: h.basis,
		address: h.address,
		team: h.team
			.map((m) => ({
				role: m.role,
				name: m.name,
				position: m.position,
				organisation: m.organisation,
				...(m.userId ? { userId: m.userId.toLowerCase() } : {})
			}))
			.sort(byKey(canonicalJson)),
		unitReps: h.unitReps.map((r) => ({ name: r.name, position: r.position })).sort(byKey(canonicalJson)),
		officers: officers.map((o) => ({ id: o.id.toLowerCase(), name: o.name, position: o.position, desk: o.desk })).sort(byKey((o) => o.id)),
		answers: answers
			.map((a) => ({ itemId: a.itemId, officerId: a.officerId.toLowerCase(), value: a.value, note: a.note }))
			.sort(byKey((a) => `${a.itemId}|${a.officerId}`)),
		findings: findings
			.map((f) => ({
				itemId: f.itemId,
				sectionId: f.sectionId,
				title: f.title,
				detail: f.detail,
				critical: f.critical,
				officerIds: f.officerIds.map((x) => x.toLowerCase()).sort(),
				legal: f.legal,
				recommendation: f.recommendation,
				deadline: f.deadline
			}))
			.sort(byKey((f) => `${f.itemId}|${canonicalJson(f)}`)),
		signatures: signatures
			.map((s) => ({
				...(s.refused
					? {
							role: s.role,
							signerName: s.signerName,
							signerPosition: s.signerPosition,
							refused: true,
							refusalReason: s.refusalReason,
							...(s.witnessName ? { witnessName: s.witnessName, witnessPosition: s.witnessPosition ?? '' } : {})
						}
					: { role: s.role, signerName: s.signerName, signerPosition: s.signerPosition, refused: false, sha256: s.sha256 }),
				...(s.contentFingerprint ? { contentFingerprint: s.contentFingerprint } : {}),
				...(s.position ? { position: canonicalPosition(s.position), signedAt: utc(s.signedAt) } : {})
			}))
			.sort(byKey((s) => `${s.role}|${canonicalJson(s)}`)),
		recommendations: h.recommendations,
		unitOpinion: h.unitOpinion,
		...(h.unitNoOpinion ? { unitNoOpinion: true } : {}),
		...(h.inspectionType ? { inspectionType: h.inspectionType } : {}),
		// A self-inspection says so in what is signed, so it can never pass for an official record.
		...(h.kind === 'self' ? { kind: 'self' } : {}),
		// Like the unit, the point is covered by what names it (its id); its printed name is the
		// server's, corrected from the unit directory.
		...(h.receptionPoint ? { receptionPointId: h.receptionPoint.id.toLowerCase() } : {}),
		...(h.unplannedReason ? { unplannedReason: h.unplannedReason } : {}),
		// The citizens' voice (issue 19): the annex's aggregates, never a respondent's answers or
		// words. A record without interviews states nothing here and keeps its fingerprint.
		...(content.interviewAnnex ? { interviews: signedAnnex(content.interviewAnnex) } : {}),
		// Proof of presence: a record whose signatures carry where they were given also binds where
		// and when it was started. Records made before keep the text (and fingerprint) they had.
		...(signatures.some((s) => s.position)
			? { startPosition: h.position ? canonicalPosition(h.position) : { unavailable: h.positionNote || 'unavailable' } }
			: {})
	};
}

/** A fix with its time in UTC, or the reason there is none. */
function canonicalPosition(p: GeoPosition | SignaturePosition) {
	if ('unavailable' in p) return { unavailable: p.unavailable };
	return { lat: p.lat, lng: p.lng, accuracyM: p.accuracyM, capturedAt: utc(p.capturedAt) };
}

/**
 * The canonical text of a record's content. Throws a ZodError when a part does not satisfy
 * the shared schemas (such a record could not have been synced either).
 */
export function canonicalRecord(content: RecordContent): string {
	return canonicalJson(canonicalObject(content));
}

/** What a signature binds: the record without its signatures and its end time. */
export type SignedContent = Omit<RecordContent, 'signatures'>;

/**
 * The canonical text of what the signers sign: the whole record except the signatures
 * themselves and the end time (written when the record is closed, after signing). Any change
 * to what remains — an answer, a note, a finding's text or deadline, the unit's view, the team
 * — changes it, and so voids the signatures given for the earlier text.
 */
export function canonicalSignedContent(content: SignedContent): string {
	const { signatures: _signatures, endedAt: _endedAt, ...rest } = canonicalObject({ ...content, signatures: [] });
	return canonicalJson(rest);
}

const FINGERPRINT_GROUPS = 4;

/** A printed fingerprint: four groups of four upper-case hex digits (64 bits), e.g. 3F9A-C21B-7D04-81E2. */
export const fingerprintSchema = z
	.string({ message: 'fingerprint_required' })
	.trim()
	.toUpperCase()
	.regex(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/, { message: 'invalid_fingerprint' });

/** What the verification URL carries. */
export const verifyQuerySchema = z.object({ id: idSchema, fp: fingerprintSchema });

async function shortHash(text: string): Promise<string> {
	const bytes = new TextEncoder().encode(text);
	const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
	const hex = Array.from(digest.subarray(0, FINGERPRINT_GROUPS * 2), (b) => b.toString(16).padStart(2, '0'))
		.join('')
		.toUpperCase();
	return hex.match(/.{4}/g)!.join('-');
}

/** SHA-256 of the canonical text, its first 64 bits grouped for reading aloud and typing. */
export const recordFingerprint = (content: RecordContent): Promise<string> =>
	shortHash(`kiem-tra-mot-cua/bien-ban\n${canonicalRecord(content)}`);

/** The fingerprint of a canonical signed-content text (from canonicalSignedContent). */
export const fingerprintOfSignedText = (canonical: string): Promise<string> => shortHash(`kiem-tra-mot-cua/noi-dung-ky\n${canonical}`);

/** The fingerprint a signature records: of the signed content, in the same printed shape. */
export const signedContentFingerprint = (content: SignedContent): Promise<string> =>
	fingerprintOfSignedText(canonicalSignedContent(content));

/** The address printed as a QR code on the record. */
export const verificationUrl = (origin: string, inspectionId: string, fingerprint: string) =>
	`${origin.replace(/\/+$/, '')}/verify/${encodeURIComponent(inspectionId)}?fp=${encodeURIComponent(fingerprint)}`;
