/**
 * The push and pull requests as they arrive over HTTP. Only the framing is checked here: each
 * mutation must carry a mutationId and a seq so the server can place it in the client's queue;
 * everything else in a mutation is checked one by one with the shared `mutationSchema`, so a
 * single bad mutation becomes a `rejected` result instead of failing the batch.
 */
import { z } from 'zod';
import { idSchema } from '$lib/domain/ids';

/** More than a device would queue in one go; keeps one request's work bounded. */
export const MAX_MUTATIONS_PER_PUSH = 500;

export const pushedMutationSchema = z.looseObject({
	mutationId: idSchema,
	seq: z.number().int().positive()
});
export type PushedMutation = z.infer<typeof pushedMutationSchema>;

export const pushRequestSchema = z.object({
	clientId: idSchema,
	mutations: z.array(pushedMutationSchema).max(MAX_MUTATIONS_PER_PUSH, `Tối đa ${MAX_MUTATIONS_PER_PUSH} thao tác mỗi lần gửi`)
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const DEFAULT_PULL_LIMIT = 500;
export const MAX_PULL_LIMIT = 2000;

/** Query string of GET /api/sync/pull: all optional, all strings on the wire. */
export const pullQuerySchema = z.object({
	cursor: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(0),
	limit: z.coerce.number().int().positive().max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
	clientId: idSchema.optional()
});
export interface PullRequest {
	/** The `cursor` of the previous pull response; 0 (or absent) to start from the beginning. */
	cursor?: number;
	limit?: number;
	/** This device's clientId, to learn how far its pushed queue has been applied. */
	clientId?: string;
}
