/**
 * The sync protocol's responses as the device reads them (docs/sync-protocol.md). The device
 * parses every answer with these, so a proxy's error page or a truncated body is a transient
 * failure, never a half-understood acknowledgement.
 */
import { z } from 'zod';

export const mutationResultSchema = z.object({
	mutationId: z.string(),
	seq: z.number().int(),
	status: z.enum(['applied', 'rejected', 'conflict', 'deferred']),
	code: z.string().optional(),
	message: z.string().optional(),
	field: z.string().optional()
});
export type MutationResultWire = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({
	results: z.array(mutationResultSchema),
	lastAppliedSeq: z.number().int().nonnegative()
});
export type PushResponseWire = z.infer<typeof pushResponseSchema>;

/** `findingEvent` and `inspectionEvent` (issue 5) are append-only history: review and remediation. */
export const syncEntitySchema = z.enum([
	'inspection',
	'officer',
	'answer',
	'photo',
	'signature',
	'findingDraft',
	'finding',
	'findingEvent',
	'inspectionEvent'
]);
export type SyncEntity = z.infer<typeof syncEntitySchema>;

export const changeSchema = z.object({
	version: z.number().int(),
	entity: syncEntitySchema,
	entityId: z.string(),
	op: z.enum(['upsert', 'delete']),
	data: z.record(z.string(), z.unknown())
});
export type ChangeWire = z.infer<typeof changeSchema>;

export const pullResponseSchema = z.object({
	changes: z.array(changeSchema),
	cursor: z.number().int().nonnegative(),
	hasMore: z.boolean(),
	lastAppliedSeq: z.number().int().nonnegative()
});
export type PullResponseWire = z.infer<typeof pullResponseSchema>;

export const errorBodySchema = z.object({
	error: z.object({ code: z.string(), field: z.string().optional(), message: z.string() })
});
