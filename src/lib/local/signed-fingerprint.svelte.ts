/**
 * The fingerprint of a record's signed content as it stands on screen, recomputed whenever the
 * content changes (SHA-256 is asynchronous, so it cannot be a plain $derived). Construct it
 * while a component initialises: it runs an $effect.
 */
import type { SignedContent } from '$lib/domain/record-fingerprint';
import { signatureCoverage, type SignatureCoverage } from '$lib/domain/signature-coverage';
import { afterFirstPaint } from '$lib/ui/after-first-paint';

/**
 * The canonical form runs the content through the shared schemas (zod): imported when a record
 * is first shown, after its first paint, not with the page (issue 20: offline cold start).
 */
const fingerprintOf = (content: SignedContent) => import('$lib/domain/record-fingerprint').then((m) => m.signedContentFingerprint(content));

export class SignedFingerprint {
	current = $state<string | null>(null);

	constructor(content: () => SignedContent | null) {
		$effect(() => {
			const c = content();
			if (!c) return;
			let live = true;
			// Once the page has shown (and the main thread is idle): until then no signature is
			// judged (null), and the first paint does not wait for the schemas (issue 20).
			const cancel = afterFirstPaint(
				() =>
					void fingerprintOf(c).then(
						(fp) => live && (this.current = fp),
						(err) => console.error('[record] signed content fingerprint', err)
					)
			);
			return () => {
				live = false;
				cancel();
			};
		});
	}

	/** Whether a signature covers the content now; null until the fingerprint is known. */
	coverageOf(signature: { contentFingerprint?: string } | undefined): SignatureCoverage | null {
		if (!signature || this.current === null) return null;
		return signatureCoverage(signature, this.current);
	}
}
