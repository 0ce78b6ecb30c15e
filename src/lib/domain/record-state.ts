/**
 * The record as it stands on the device before it is closed: scores, coverage and the findings
 * it would state. One pure function, so the summary, the sign page, the printed record and the
 * actions that sign and submit all read the same findings — and so a signature's fingerprint is
 * taken over exactly what will be submitted.
 */
import { recordCoverage, type RecordCoverage } from './completeness';
import { finalizeFindings, recordFindingOf, type EarlierReview, type FinalFinding, type RecordFinding } from './finalize-findings';
import type { Answer, FindingDraft, Inspection, Officer, SignatureMeta, TeamMember } from './inspection';
import type { SignedContent } from './record-fingerprint';
import { signatureCoverage, type SignatureCoverage } from './signature-coverage';
import { generateFindings, scoreInspection, type InspectionScore } from './scoring';
import { memberIndexOf, recordSignatures } from './team-signatures';
import type { Template } from './template';

export interface RecordParts {
	template: Template;
	inspection: Inspection;
	officers: Officer[];
	answers: Answer[];
	findingDrafts: Pick<FindingDraft, 'itemId' | 'recommendation' | 'deadline'>[];
	earlier?: EarlierReview;
}

export interface RecordState {
	score: InspectionScore;
	coverage: RecordCoverage;
	findings: FinalFinding[];
}

export function recordState(parts: RecordParts): RecordState {
	const input = { template: parts.template, sectionIds: parts.inspection.sectionIds, officers: parts.officers, answers: parts.answers };
	const score = scoreInspection(input);
	const candidates = generateFindings(input, score);
	return {
		score,
		coverage: recordCoverage(input),
		findings: finalizeFindings(candidates, parts.findingDrafts, parts.inspection.startedAt, parts.earlier)
	};
}

/** What a signature given now covers: the content as it stands, findings as they would be submitted. */
export function signedContentOf(
	parts: Pick<RecordParts, 'inspection' | 'officers' | 'answers'> & Pick<SignedContent, 'interviewAnnex'>,
	findings: readonly RecordFinding[] | readonly FinalFinding[]
): SignedContent {
	return {
		inspection: parts.inspection,
		officers: parts.officers,
		answers: parts.answers,
		findings: findings.map((f) => recordFindingOf(f)),
		// Issue 19: the annex of the citizens' interviews is signed with the rest (none: nothing added).
		interviewAnnex: parts.interviewAnnex ?? null
	};
}

/** Why the record's signatures do not allow closing it, as a code; null when they do. */
export type SignatureRefusal = 'inspector_signature_missing' | 'unit_rep_signature_missing' | 'signatures_void';

/**
 * The signatures a record needs to be (re)submitted: the head of the team signed, the unit's
 * representative signed or their refusal recorded, and each given for the content as it is now.
 * A team member who signed their own block (team-signatures.ts) must have signed this content
 * too; a member who did not signs the printed paper. A signature made before signatures recorded
 * a fingerprint cannot show what it covered and counts as void here: the record is signed again.
 */
export function signatureRefusal(
	signatures: readonly SignatureMeta[],
	currentFingerprint: string,
	team: readonly Pick<TeamMember, 'name' | 'role'>[]
): SignatureRefusal | null {
	const counted = recordSignatures(team, signatures);
	const inspector = counted.find((s) => s.role === 'inspector');
	const rep = counted.find((s) => s.role === 'unit_rep');
	if (!inspector || inspector.refused) return 'inspector_signature_missing';
	if (!rep) return 'unit_rep_signature_missing';
	const members = counted.filter((s) => memberIndexOf(s.role) !== null);
	if ([inspector, rep, ...members].some((s) => signatureCoverage(s, currentFingerprint) !== 'current')) return 'signatures_void';
	return null;
}

export const coverageOfSignatures = (signatures: readonly SignatureMeta[], currentFingerprint: string) =>
	new Map<string, SignatureCoverage>(signatures.map((s) => [s.role, signatureCoverage(s, currentFingerprint)]));
