/** For tests of pulls: a server that serves one page of changes, then nothing. */
import type { Change, PullResponse } from '$lib/domain/protocol';
import type { SyncTransport } from './transport';

export function serving(changes: Change[]): SyncTransport {
	let served = false;
	return {
		push: () => Promise.reject(new Error('nothing to push')),
		pull(): Promise<PullResponse> {
			const page = served ? [] : changes;
			served = true;
			return Promise.resolve({ changes: page, cursor: page.at(-1)?.version ?? 0, hasMore: false, lastAppliedSeq: 0 });
		},
		hasBlob: () => Promise.reject(new Error('no blobs here')),
		putBlob: () => Promise.reject(new Error('no blobs here'))
	};
}
