/** The client's address for rate limiting; adapter-node honours ADDRESS_HEADER behind a proxy. */
import type { RequestEvent } from '@sveltejs/kit';

export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string {
	try {
		return event.getClientAddress();
	} catch {
		// Not available (prerendering, some adapters): every such request shares one bucket.
		return 'unknown';
	}
}
