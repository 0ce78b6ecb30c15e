/**
 * The canonical text a signature given now would bind, kept apart from record-state.ts: it runs
 * the content through the shared schemas (record-fingerprint.ts), which the record pages' first
 * paint does not need; only closing a record compares it (issue 20: offline cold start).
 */
import type { FinalFinding } from './finalize-findings';
import { canonicalSignedContent, type SignedContent } from './record-fingerprint';
import { signedContentOf, type RecordParts } from './record-state';

/** The canonical text of `signedContentOf` (synchronous, so it can be compared inside a transaction). */
export const signedTextOf = (
	parts: Pick<RecordParts, 'inspection' | 'officers' | 'answers'> & Pick<SignedContent, 'interviewAnnex'>,
	findings: readonly FinalFinding[]
) => canonicalSignedContent(signedContentOf(parts, findings));
