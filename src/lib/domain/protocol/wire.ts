/**
 * Push and pull as they travel (docs/sync-protocol.md). The server parses requests with these;
 * the device parses every answer with them, so a proxy's error page or a truncated body is a
 * transient failure, never a half-understood acknowledgement.
 */
import { z } from 'zod';
import { idSchema } from '../ids';
import type { EntityName } from './entities';

/** More than a device would queue in one go; keeps one request's work bounded. */
export const MAX_MUTATIONS_PER_PUSH = 500;

/**
 * Only the framing of each pushed mutation is checked for the whole request: a mutationId and a
 * seq place it in the client's queue. The rest is parsed one by one with `mutationSchema`, so a
 * single bad mutation becomes a `rejected` result instead of failing the batch.
 */
export const pushedMutationSchema = z.looseObject({
	mutationId: idSchema,
	seq: z.number().int().positive()
});
export type PushedMutation = z.infer<typeof pushedMutationSchema>;

/** POST /api/sync/push */
export const pushRequestSchema = z.object({
	clientId: idSchema,
	mutations: z.array(pushedMutationSchema).max(MAX_MUTATIONS_PER_PUSH, `At most ${MAX_MUTATIONS_PER_PUSH} mutations per push`)
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * What a pushed mutation came to:
 * - `applied`  — done; the entry leaves the outbox.
 * - `rejected` — will never apply (invalid, forbidden, unknown target).
 * - `conflict` — the server's state no longer allows it (e.g. already submitted).
 * - `deferred` — not applied and its seq not consumed; send it again later (see `code`).
 *
 * Applied, rejected and conflict consume the seq and are stored: a replay gets the same answer.
 */
export const mutationStatusSchema = z.enum(['applied', 'rejected', 'conflict', 'deferred']);
export type MutationStatus = z.infer<typeof mutationStatusSchema>;

export const mutationResultSchema = z.object({
	mutationId: z.string(),
	seq: z.number().int(),
	status: mutationStatusSchema,
	code: z.string().optional(),
	field: z.string().optional(),
	message: z.string().optional()
});
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({
	results: z.array(mutationResultSchema),
	/** The highest seq of this client the server has consumed. */
	lastAppliedSeq: z.number().int().nonnegative()
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const DEFAULT_PULL_LIMIT = 500;
export const MAX_PULL_LIMIT = 2000;

/** Query string of GET /api/sync/pull: all optional, all strings on the wire. */
export const pullQuerySchema = z.object({
	/** The `cursor` of the previous pull response; 0 (or absent) to start from the beginning. */
	cursor: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(0),
	limit: z.coerce.number().int().positive().max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
	/** This device's clientId, to learn how far its pushed queue has been applied. */
	clientId: idSchema.optional()
});
export type PullRequest = Partial<z.output<typeof pullQuerySchema>>;

/**
 * One change of the feed. `data` is the whole row for an upsert and the key fields for a
 * delete; it is checked against the entity's schema one change at a time (`changeDataSchema`),
 * so one unreadable row — or a row of an entity a newer server added — is set aside instead of
 * failing the page. `entity` is therefore any string on the wire.
 */
export const changeSchema = z.object({
	version: z.number().int(),
	entity: z.string(),
	entityId: z.string(),
	op: z.enum(['upsert', 'delete']),
	// Only an object here: its fields are checked once, by the entity's schema, as it is applied
	// (a record schema would walk and copy every field of every row a second time).
	data: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'Expected an object')
});
export type Change = z.infer<typeof changeSchema>;
/** A change of an entity the registry knows, as the server writes it and the device applies it. */
export type EntityChange = Change & { entity: EntityName };

export const pullResponseSchema = z.object({
	changes: z.array(changeSchema),
	/** Pass back as `cursor` next time. Opaque to the client; only ever grows. */
	cursor: z.number().int().nonnegative(),
	/** More changes wait beyond this page: pull again at once with the new cursor. */
	hasMore: z.boolean(),
	/** The last seq of `clientId` the server has consumed, read before the changes. */
	lastAppliedSeq: z.number().int().nonnegative()
});
export type PullResponse = z.infer<typeof pullResponseSchema>;
