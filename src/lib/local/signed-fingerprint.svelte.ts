/**
 * The fingerprint of a record's signed content as it stands on screen, recomputed whenever the
 * content changes (SHA-256 is asynchronous, so it cannot be a plain $derived). Construct it
 * while a component initialises: it runs an $effect.
 */
import { signedContentFingerprint, signatureCoverage, type SignatureCoverage, type SignedContent } from '$lib/domain/record-fingerprint';

export class SignedFingerprint {
	current = $state<string | null>(null);

	constructor(content: () => SignedContent | null) {
		$effect(() => {
			const c = content();
			if (!c) return;
			let live = true;
			signedContentFingerprint(c).then(
				(fp) => live && (this.current = fp),
				(err) => console.error('[record] signed content fingerprint', err)
			);
			return () => (live = false);
		});
	}

	/** Whether a signature covers the content now; null until the fingerprint is known. */
	coverageOf(signature: { contentFingerprint?: string } | undefined): SignatureCoverage | null {
		if (!signature || this.current === null) return null;
		return signatureCoverage(signature, this.current);
	}
}
