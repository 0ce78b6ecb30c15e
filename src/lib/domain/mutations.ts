/**
 * Sync intents: every change a device makes is one of these named mutations, queued in the
 * outbox in the same transaction as the local write, pushed in order and applied by the
 * server exactly once (keyed by mutationId, ordered by the per-client seq).
 *
 * The server keeps accepting every schemaVersion it has ever shipped for at least one release,
 * so a phone that was offline across an update still drains its queue.
 */
import { z } from 'zod';
import { idSchema } from './ids';
import {
	answerSchema,
	findingDraftSchema,
	findingSchema,
	inspectionHeaderPatchSchema,
	inspectionSchema,
	officerSchema,
	photoMetaSchema,
	signatureMetaSchema
} from './inspection';
import { reviewArgsSchemas } from './review';

export const MUTATION_SCHEMA_VERSION = 1;

export const mutationArgsSchemas = {
	/** A new draft inspection, created on the device. */
	createInspection: inspectionSchema.omit({ status: true, endedAt: true }),
	/** Changed header fields of a draft (time, position, team, representatives, basis). */
	updateInspectionHeader: z.object({ inspectionId: idSchema, patch: inspectionHeaderPatchSchema }),
	addOfficer: officerSchema,
	updateOfficer: officerSchema,
	removeOfficer: z.object({ inspectionId: idSchema, officerId: idSchema }),
	/** Sets (or clears, with value null) the answer to one item for one officer. */
	answerItem: answerSchema,
	attachPhoto: photoMetaSchema,
	removePhoto: z.object({ inspectionId: idSchema, photoId: idSchema }),
	setFindingDraft: findingDraftSchema,
	signInspection: signatureMetaSchema,
	/** Closes the record on site: the findings are fixed, the draft becomes submitted. */
	submitInspection: z.object({
		inspectionId: idSchema,
		endedAt: z.iso.datetime({ offset: true }),
		findings: z.array(findingSchema).max(500)
	}),
	/** Review and remediation (review.ts): return, approve, adjust, report, verify, reopen. */
	...reviewArgsSchemas
} as const;

export type MutationName = keyof typeof mutationArgsSchemas;
export const mutationNames = Object.keys(mutationArgsSchemas) as MutationName[];

export type MutationArgs<N extends MutationName> = z.infer<(typeof mutationArgsSchemas)[N]>;

const envelope = {
	mutationId: idSchema,
	/** Position in this client's queue, starting at 1, no gaps. */
	seq: z.number().int().positive(),
	schemaVersion: z.number().int().positive().max(MUTATION_SCHEMA_VERSION),
	createdAt: z.iso.datetime({ offset: true })
};

export const mutationSchema = z.discriminatedUnion(
	'name',
	mutationNames.map((name) => z.object({ ...envelope, name: z.literal(name), args: mutationArgsSchemas[name] })) as unknown as [
		z.ZodObject,
		...z.ZodObject[]
	]
);

/** A mutation as it travels; `args` narrows with `name`. */
export type Mutation = {
	[N in MutationName]: {
		mutationId: string;
		seq: number;
		schemaVersion: number;
		createdAt: string;
		name: N;
		args: MutationArgs<N>;
	};
}[MutationName];
