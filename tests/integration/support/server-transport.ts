/**
 * A SyncTransport for the device's sync engine that calls the real server functions directly
 * (no HTTP), answering the way httpTransport would: refused uploads become RequestRefusedError
 * with the store's status, code and message, lost calls become TransientSyncError. `chaos`
 * decides per call to lose the request or the answer.
 */
import { pullResponseSchema, pushResponseSchema } from '$lib/domain/protocol';
import { RequestRefusedError, TransientSyncError, type SyncTransport } from '$lib/local/sync/transport';
import { checkBlobQuota, recordUpload, type BlobQuotas } from '$lib/server/blobs';
import { pullChanges, type Actor, type PullOptions } from '$lib/server/sync';
import type { SyncTestContext } from './sync-context';

export type CallFate = 'ok' | 'drop-request' | 'drop-response';

export type ServerTransport = SyncTransport & { stats: { calls: number; droppedRequests: number; droppedResponses: number } };

export interface ServerTransportOptions {
	chaos?: () => CallFate;
	/** Uploads larger than this are refused with 413, like a server or proxy with a lower limit. */
	uploadLimit?: number;
	/** Quotas to hold uploads to, as the route does (blobs/quotas.ts); none when absent. */
	quotas?: BlobQuotas;
	/** Pull pages of this many rows at most, with these server knobs (pull-changes.ts). */
	pull?: { limit?: number; options?: PullOptions };
}

export function serverTransport(ctx: SyncTestContext, actor: Actor, options: ServerTransportOptions = {}): ServerTransport {
	const chaos = options.chaos ?? (() => 'ok');
	const uploads = options.uploadLimit === undefined ? ctx.blobs : ctx.testBlobs.limitedTo(options.uploadLimit);
	const stats = { calls: 0, droppedRequests: 0, droppedResponses: 0 };
	const through = async <T>(call: () => Promise<T>): Promise<T> => {
		stats.calls++;
		const fate = chaos();
		if (fate === 'drop-request') {
			stats.droppedRequests++;
			throw new TransientSyncError('dropped request');
		}
		const result = await call();
		if (fate === 'drop-response') {
			stats.droppedResponses++;
			throw new TransientSyncError('dropped response');
		}
		return result;
	};
	// Through JSON and the device's response schemas, as over the wire.
	const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
	return {
		stats,
		push: (clientId, mutations) =>
			through(() => ctx.push({ clientId, actor } as never, mutations).then((r) => pushResponseSchema.parse(wire(r)))),
		pull: (clientId, cursor) =>
			through(() =>
				pullChanges(ctx.db, actor, { cursor, clientId, limit: options.pull?.limit }, options.pull?.options).then((r) =>
					pullResponseSchema.parse(wire(r))
				)
			),
		hasBlob: (sha) => through(async () => (await ctx.blobs.stat(sha)) !== null),
		putBlob: (sha, bytes, _mime, _progress, inspectionId) =>
			through(async () => {
				const { quotas } = options;
				const intent = { userId: actor.userId, sha256: sha, inspectionId: inspectionId ?? null };
				const admit = quotas && ((info: { size: number }) => checkBlobQuota(ctx.db, quotas, intent, info));
				const r = await uploads.put(sha, new Blob([bytes]).stream(), bytes.byteLength, admit);
				if (!r.ok && r.status === 429) throw new TransientSyncError(r.message, (r.retryAfter ?? 0) * 1000, r.code);
				if (!r.ok) throw new RequestRefusedError(r.status, r.code, r.message);
				await recordUpload(ctx.db, sha, actor.userId, { size: r.size, inspectionId: intent.inspectionId });
			})
	};
}
