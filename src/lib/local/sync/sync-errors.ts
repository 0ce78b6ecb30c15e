/**
 * How a sync round fails, apart from the transport that throws it (transport.ts): the sync status
 * and the UI tell these apart before the first paint, the transport and its schemas load after it.
 */
export class TransientSyncError extends Error {
	constructor(
		message: string,
		readonly retryAfterMs: number | null = null,
		/** What the UI words: offline, bad_response, or the server's error code. */
		readonly code: string = 'server_unavailable'
	) {
		super(message);
		this.name = 'TransientSyncError';
	}
}

export class RequestRefusedError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
		this.name = 'RequestRefusedError';
	}
}
