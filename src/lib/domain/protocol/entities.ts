/**
 * Every synced entity, once: its name, the fields that identify a row (from which every key is
 * built — the server's `entityId`, the device's primary key, the outbox's dirty keys), the row
 * as pulled (`row`), and who may receive it (`visibleTo`, read by the server's visibility code).
 *
 * Adding an entity: add it here and write its handler; the pull feed, the device's validation
 * and the doc test pick it up from this table.
 */
import { z } from 'zod';
import { idSchema } from '../ids';
import {
	answerSchema,
	findingDraftSchema,
	findingSchema,
	inspectionSchema,
	officerSchema,
	photoMetaSchema,
	signatureMetaSchema
} from '../inspection';
import { findingSeveritySchema, fixPhotoSchema } from '../review';
import { extensionEventKinds } from '../extensions';
import { answerStampSchema, sectionIdSchema, teamPartStates } from '../team-record';
import { interviewSchema } from '../interview';

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

export const findingStatusSchema = z.enum(['open', 'fixReported', 'verified', 'reopened']);

/** A planned visit carries its plan (window and assigned inspectors) until it is started. */
export const planFactsSchema = z.object({
	windowStart: isoDate,
	windowEnd: isoDate,
	assignedInspectorIds: z.array(z.string()),
	/** When a plan's draw made the visit (docs/draw.md). */
	planId: z.string().optional(),
	drawId: z.string().optional()
});

export const inspectionRowSchema = inspectionSchema.extend({ plan: planFactsSchema.optional() });

/** An answer as pulled: who gave it (issue 17); '' on rows written before the server recorded it. */
export const answerRowSchema = answerSchema.extend({ answeredBy: z.string().default('') });

/** Who holds a section of a record (team-record.ts `SectionHolding`). */
export const sectionHoldingRowSchema = z.object({ inspectionId: idSchema, sectionId: sectionIdSchema, userId: idSchema });

const answerVersionSchema = answerSchema.pick({ value: true, note: true, answeredAt: true }).extend({ answeredBy: z.string() });

/** Versions of one answer given without sight of each other (team-record.ts `AnswerConflict`). */
export const answerConflictRowSchema = answerSchema.pick({ inspectionId: true, itemId: true, officerId: true }).extend({
	versions: z.array(answerVersionSchema).min(2),
	resolvedBy: z.string().nullable(),
	resolvedAt: isoDateTime.nullable(),
	chosen: answerStampSchema.nullable()
});

/** A member's share of the record (team-record.ts `TeamPart`). */
export const teamPartRowSchema = z.object({
	inspectionId: idSchema,
	userId: idSchema,
	state: z.enum(teamPartStates),
	via: z.enum(['server', 'qr']).nullable(),
	reason: z.string(),
	at: isoDateTime.nullable()
});

/** A finding as pulled: as submitted, plus its remediation status once the server tracks it. */
export const findingRowSchema = findingSchema.extend({ status: findingStatusSchema.optional() });

const eventBase = {
	id: idSchema,
	inspectionId: idSchema,
	actorUserId: z.string(),
	/** The actor's display name when the event was written; absent on older events. */
	actorName: z.string().optional(),
	/** Server time. */
	at: isoDateTime
};

/** Review history of a record: returned or approved, with the reviewer's comment. */
export const inspectionEventRowSchema = z.object({
	...eventBase,
	kind: z.enum(['returned', 'approved']),
	comment: z.string()
});

/** Remediation history of a finding; the fields after `status` depend on `kind`. */
export const findingEventRowSchema = z.object({
	...eventBase,
	findingId: idSchema,
	kind: z.enum(['adjusted', 'fixReported', 'verified', 'reopened', ...extensionEventKinds]),
	/** The finding's status after this event. */
	status: findingStatusSchema,
	text: z.string().optional(),
	photos: z.array(fixPhotoSchema).optional(),
	reportedAt: isoDateTime.optional(),
	comment: z.string().optional(),
	reason: z.string().optional(),
	severity: findingSeveritySchema.optional(),
	deadline: isoDate.optional(),
	/** `adjusted`: the corrective action and the finding's detail as the reviewer rewrote them. */
	recommendation: z.string().optional(),
	detail: z.string().optional(),
	/** `extensionGranted`/`extensionRefused`: the request answered (`deadline` is the one asked for, then the one granted). */
	requestId: idSchema.optional()
});

/**
 * Who receives a row, declared. Every row goes to whoever may see its inspection
 * (`canSeeInspection` on the record's current state). Wards see a record only once approved and
 * then only from its publication on: `snapshot` rows are re-written by `publishToWard` at
 * approval; `after-publication` rows reach wards only when written after it; `never` rows are
 * kept from wards whatever their version.
 */
export type WardAccess = 'snapshot' | 'after-publication' | 'never';
export interface Visibility {
	readersOf: 'inspection';
	wards: WardAccess;
}

interface EntitySpec {
	row: z.ZodType<Record<string, unknown>>;
	/** The fields that identify a row, in key order. */
	keyFields: readonly [string, ...string[]];
	/**
	 * A field whose value names a group of rows one intent replaces together (a submission
	 * replaces all findings of its record), so a pending intent can hold back the whole group.
	 */
	groupedBy?: string;
	visibleTo: Visibility;
}

const readers = (wards: WardAccess): Visibility => ({ readersOf: 'inspection', wards });

export const entities = {
	inspection: { row: inspectionRowSchema, keyFields: ['id'], visibleTo: readers('snapshot') },
	officer: { row: officerSchema, keyFields: ['id'], visibleTo: readers('snapshot') },
	answer: { row: answerRowSchema, keyFields: ['inspectionId', 'itemId', 'officerId'], visibleTo: readers('snapshot') },
	photo: { row: photoMetaSchema, keyFields: ['id'], visibleTo: readers('snapshot') },
	signature: { row: signatureMetaSchema, keyFields: ['inspectionId', 'role'], visibleTo: readers('snapshot') },
	/** The inspector's working notes: never published. */
	findingDraft: { row: findingDraftSchema, keyFields: ['inspectionId', 'itemId'], visibleTo: readers('never') },
	finding: { row: findingRowSchema, keyFields: ['id'], groupedBy: 'inspectionId', visibleTo: readers('snapshot') },
	/** Remediation after approval reaches the commune; adjustments before it stay with reviewers. */
	findingEvent: { row: findingEventRowSchema, keyFields: ['id'], visibleTo: readers('after-publication') },
	/** Review history stays with reviewers and the inspector. */
	inspectionEvent: { row: inspectionEventRowSchema, keyFields: ['id'], visibleTo: readers('never') },
	/**
	 * The team's working state (issue 17): who holds which section, answers given twice, members'
	 * parts. The published record keeps each answer's author (`answer.answeredBy`); the rest is
	 * the team's business and never reaches a ward. A member's hand-in replaces nothing but its own
	 * row; the group key lets a pending hand-in hold back the record's parts.
	 */
	sectionHolding: { row: sectionHoldingRowSchema, keyFields: ['inspectionId', 'sectionId'], visibleTo: readers('never') },
	answerConflict: { row: answerConflictRowSchema, keyFields: ['inspectionId', 'itemId', 'officerId'], visibleTo: readers('never') },
	teamPart: { row: teamPartRowSchema, keyFields: ['inspectionId', 'userId'], groupedBy: 'inspectionId', visibleTo: readers('never') },
	/**
	 * A citizen's exit interview (issue 19): their answers and free text reach whoever sees the
	 * record's draft (writer, team, the province's reviewers) and never a ward, whose officers the
	 * citizen may have just judged. The record publishes only the annex's aggregates.
	 */
	interview: { row: interviewSchema, keyFields: ['id'], visibleTo: readers('never') }
} as const satisfies Record<string, EntitySpec>;

export type EntityName = keyof typeof entities;
export const entityNames = Object.keys(entities) as [EntityName, ...EntityName[]];
export const entityNameSchema = z.enum(entityNames);

/** A row of `E` as the server writes it to the feed and the device stores it. */
export type EntityRow<E extends EntityName> = z.output<(typeof entities)[E]['row']>;
/** The key fields of a row of `E`: what a tombstone carries (it may carry its inspectionId too). */
export type EntityKeyFields<E extends EntityName> = Pick<EntityRow<E>, (typeof entities)[E]['keyFields'][number] & keyof EntityRow<E>>;

type Data = Readonly<Record<string, unknown>>;
const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** The row's id in the change feed (`entityId`): its key fields joined by '/'. */
export function entityId(entity: EntityName, data: Data): string {
	return entities[entity].keyFields.map((f) => text(data[f])).join('/');
}

/** The device's primary key for the row: the id, or the key fields as a compound key. */
export function primaryKey(entity: EntityName, data: Data): string | string[] {
	const fields = entities[entity].keyFields;
	return fields.length === 1 ? text(data[fields[0]]) : fields.map((f) => text(data[f]));
}

/** One key per row, the same whether built from a pulled change or a pending intent. */
export function rowKey(entity: EntityName, data: Data): string {
	return `${entity}:${entityId(entity, data)}`;
}

/** The key of a group of rows (see `groupedBy`), e.g. every finding of one record. */
export function groupKey(entity: EntityName, groupValue: string): string {
	return `${entity}@${groupValue}`;
}

/** Every key a pulled change of `entity` may be held back under: its row, and its group if any. */
export function changeKeys(entity: EntityName, data: Data): string[] {
	const spec: EntitySpec = entities[entity];
	const keys = [rowKey(entity, data)];
	if (spec.groupedBy) keys.push(groupKey(entity, text(data[spec.groupedBy])));
	return keys;
}

/** A tombstone's data: the key fields (strings), anything else ignored. */
export function tombstoneSchema(entity: EntityName) {
	return z.looseObject(Object.fromEntries(entities[entity].keyFields.map((f) => [f, z.string()])));
}

export const isEntityName = (name: string): name is EntityName => Object.hasOwn(entities, name);

/**
 * The schema a change's `data` must match: the entity's row for an upsert, its key fields for
 * a delete; null for an entity this app does not know (a newer server's), which the device sets
 * aside instead of failing the whole page.
 */
export function changeDataSchema(entity: string, op: 'upsert' | 'delete'): z.ZodType<Record<string, unknown>> | null {
	if (!isEntityName(entity)) return null;
	return op === 'upsert' ? entities[entity].row : tombstoneSchema(entity);
}

/** Entities whose rows `publishToWard` re-writes for the commune at approval. */
export const wardSnapshotEntities = entityNames.filter((e) => entities[e].visibleTo.wards === 'snapshot');
/** Entities never sent to a ward. */
export const hiddenFromWards = entityNames.filter((e) => entities[e].visibleTo.wards === 'never');
