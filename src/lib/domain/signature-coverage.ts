/**
 * Comparing a signature's fingerprint with the content's, without the canonical form's schemas
 * (record-fingerprint.ts re-exports these): the record pages show which signatures still hold
 * before the fingerprint module loads (issue 20: offline cold start).
 */

/**
 * Whether a signature covers the content as it is now: `current` when its fingerprint matches,
 * `void` when the content changed after it was given, `unbound` for a signature made before
 * signatures recorded a fingerprint (it cannot be checked; treated as covering, see the doc).
 */
export type SignatureCoverage = 'current' | 'void' | 'unbound';

export function signatureCoverage(signature: { contentFingerprint?: string }, currentFingerprint: string): SignatureCoverage {
	if (!signature.contentFingerprint) return 'unbound';
	return sameFingerprint(signature.contentFingerprint, currentFingerprint) ? 'current' : 'void';
}

/** Equal fingerprints, compared without an early exit. */
export function sameFingerprint(a: string, b: string): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
	return diff === 0;
}
