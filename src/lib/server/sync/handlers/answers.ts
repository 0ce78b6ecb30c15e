/**
 * Answers on a team's record (issue 17): who gave each, and what happens when two accounts
 * answered the same item differently without sight of each other. The rule is the shared
 * `decideAnswer` (domain/team-record.ts), which the trưởng đoàn's phone applies alike when it
 * merges a member's part read by QR; here it is the authority, applied in arrival order. Every
 * version is kept (`answer_conflicts`) until the trưởng đoàn chooses; the record's answer
 * meanwhile is the earliest version, so every arrival order ends with the same record.
 */
import type { Selectable } from 'kysely';
import { answerSourceSchema, type AnswerSource, type AnswerValue } from '$lib/domain/inspection';
import type { MutationArgs } from '$lib/domain/protocol';
import { decideAnswer, type AnswerConflict, type AnswerStamp, type AnswerVersion, type IncomingAnswer } from '$lib/domain/team-record';
import type { AnswerConflictsTable, AnswersTable } from '../../db/schema';
import type { ChangeLog, ChangeScope } from '../change-log';
import { applied, refuse, type Outcome } from '../results';
import { answerConflictOf } from '../row-converters';
import { editableInspection, type HandlerContext } from './context';

export interface AnswerKey {
	inspectionId: string;
	itemId: string;
	officerId: string;
}

export const keyOf = (k: AnswerKey): AnswerKey => ({ inspectionId: k.inspectionId, itemId: k.itemId, officerId: k.officerId });

export const versionOf = (r: Selectable<AnswersTable>): AnswerVersion => ({
	value: r.value === null ? null : (JSON.parse(r.value) as AnswerValue),
	note: r.note,
	answeredBy: r.answered_by,
	answeredAt: r.answered_at
});

function viaOf(r: Selectable<AnswersTable>): AnswerSource | undefined {
	const via = answerSourceSchema.safeParse(r.via);
	return via.success ? via.data : undefined;
}
const sameStamp = (a: AnswerStamp, b: AnswerStamp) => a.answeredBy === b.answeredBy && a.answeredAt === b.answeredAt;

/** A version with neither a value nor a note says nothing: the item is unanswered. */
export const isEmpty = (v: AnswerVersion) => v.value === null && v.note.trim() === '';

async function storedAnswer(ctx: HandlerContext, key: AnswerKey) {
	return ctx.trx
		.selectFrom('answers')
		.selectAll()
		.where('inspection_id', '=', key.inspectionId)
		.where('item_id', '=', key.itemId)
		.where('officer_id', '=', key.officerId)
		.executeTakeFirst();
}

async function storedConflict(ctx: HandlerContext, key: AnswerKey): Promise<Selectable<AnswerConflictsTable> | undefined> {
	return ctx.trx
		.selectFrom('answer_conflicts')
		.selectAll()
		.where('inspection_id', '=', key.inspectionId)
		.where('item_id', '=', key.itemId)
		.where('officer_id', '=', key.officerId)
		.executeTakeFirst();
}

/** The stored columns of an answer (all but its key), shared by the one-row and the set-based writes. */
export function answerColumns(version: AnswerVersion, via: AnswerSource | undefined, versionNo: number, now: string) {
	return {
		value: version.value === null ? null : JSON.stringify(version.value),
		note: version.note,
		answered_at: version.answeredAt,
		answered_by: version.answeredBy,
		via: via ?? null,
		version: versionNo,
		updated_at: now
	};
}

/** The stored columns of a conflict (all but its key). */
export function conflictColumns(conflict: AnswerConflict, versionNo: number, now: string) {
	return {
		versions: JSON.stringify(conflict.versions),
		resolved_by: conflict.resolvedBy,
		resolved_at: conflict.resolvedAt,
		chosen: conflict.chosen === null ? null : JSON.stringify(conflict.chosen),
		version: versionNo,
		updated_at: now
	};
}

/** The answer's change row, as devices read it; returns its version. */
export const logAnswer = (log: ChangeLog, scope: ChangeScope, key: AnswerKey, version: AnswerVersion, via: AnswerSource | undefined) =>
	log.upsert(scope, 'answer', { ...key, ...version, ...(via ? { via } : {}) });

/**
 * Makes `version` the record's answer for `key` (an empty one clears it: the row goes, with a
 * tombstone), keeping its author and time. `existed`: whether a row is stored now. `via`: how
 * that version was given when not slot by slot (issue 20), stored and pulled with it.
 */
async function writeAnswer(
	ctx: HandlerContext,
	scope: ChangeScope,
	key: AnswerKey,
	version: AnswerVersion,
	existed: boolean,
	via?: AnswerSource
) {
	if (isEmpty(version)) {
		if (!existed) return;
		ctx.log.delete(scope, 'answer', key);
		await ctx.trx
			.deleteFrom('answers')
			.where('inspection_id', '=', key.inspectionId)
			.where('item_id', '=', key.itemId)
			.where('officer_id', '=', key.officerId)
			.execute();
		return;
	}
	const columns = answerColumns(version, via, logAnswer(ctx.log, scope, key, version, via), ctx.now);
	await ctx.trx
		.insertInto('answers')
		.values({ inspection_id: key.inspectionId, item_id: key.itemId, officer_id: key.officerId, ...columns })
		.onConflict((oc) => oc.columns(['inspection_id', 'item_id', 'officer_id']).doUpdateSet(columns))
		.execute();
}

async function writeConflict(ctx: HandlerContext, scope: ChangeScope, conflict: AnswerConflict) {
	const columns = conflictColumns(conflict, ctx.log.upsert(scope, 'answerConflict', conflict), ctx.now);
	await ctx.trx
		.insertInto('answer_conflicts')
		.values({ inspection_id: conflict.inspectionId, item_id: conflict.itemId, officer_id: conflict.officerId, ...columns })
		.onConflict((oc) => oc.columns(['inspection_id', 'item_id', 'officer_id']).doUpdateSet(columns))
		.execute();
}

/**
 * What the merge rule makes of the actor's answer given what is stored: null when the stored
 * one stands (same content); else the record's answer for the key (empty: cleared) with how it
 * was given, and the conflict to store first when two accounts answered differently.
 */
export interface MergedAnswer {
	conflict: AnswerConflict | null;
	answer: AnswerVersion;
	via: AnswerSource | undefined;
}

export function mergedAnswer(
	stored: Selectable<AnswersTable> | undefined,
	open: Selectable<AnswerConflictsTable> | undefined,
	args: MutationArgs<'answerItem'>,
	userId: string
): MergedAnswer | null {
	const key = keyOf(args);
	const incoming: IncomingAnswer = {
		value: args.value,
		note: args.note,
		answeredBy: userId,
		answeredAt: args.answeredAt,
		...(args.basedOn !== undefined ? { basedOn: args.basedOn } : {})
	};
	const decision = decideAnswer(stored ? versionOf(stored) : null, incoming, open ? answerConflictOf(open) : null);
	if (decision.kind === 'keep') return null;
	const conflict =
		decision.kind === 'conflict' ? { ...key, versions: decision.versions, resolvedBy: null, resolvedAt: null, chosen: null } : null;
	const { value, note, answeredBy, answeredAt } = decision.kind === 'set' ? incoming : decision.answer;
	// The mark of a confirmed "all remaining pass" goes with the version it was given on.
	const standing = { answeredBy, answeredAt };
	const via = sameStamp(standing, incoming) ? args.via : stored && sameStamp(standing, versionOf(stored)) ? viaOf(stored) : undefined;
	return { conflict, answer: { value, note, answeredBy, answeredAt }, via };
}

/**
 * Records the actor's answer to `args`' item by the merge rule: set it (the actor becomes its
 * author), keep the stored one (same content), or keep both as a conflict with the earliest
 * standing. The caller has checked the record, the item and the actor's section.
 */
export async function mergeAnswer(ctx: HandlerContext, scope: ChangeScope, args: MutationArgs<'answerItem'>): Promise<void> {
	const key = keyOf(args);
	const [stored, open] = await Promise.all([storedAnswer(ctx, key), storedConflict(ctx, key)]);
	const merged = mergedAnswer(stored, open, args, ctx.actor.userId);
	if (!merged) return;
	if (merged.conflict) await writeConflict(ctx, scope, merged.conflict);
	await writeAnswer(ctx, scope, key, merged.answer, stored !== undefined, merged.via);
}

/**
 * The trưởng đoàn chooses one version of a conflicting answer: it becomes the record's answer,
 * keeping its author and time, and the conflict stays listed, resolved, with the choice.
 * Choosing again (another version) is allowed while the record is open.
 */
export async function resolveAnswerConflict(ctx: HandlerContext, args: MutationArgs<'resolveAnswerConflict'>): Promise<Outcome> {
	const target = await editableInspection(ctx, 'resolveAnswerConflict', args.inspectionId);
	if (!target.ok) return target.outcome;
	const key = keyOf(args);
	const row = await storedConflict(ctx, key);
	if (!row) return refuse('rejected', 'not_found', 'No conflicting answers for this item on this record', 'args.itemId');
	const conflict = answerConflictOf(row);
	const chosen = conflict.versions.find((v) => v.answeredBy === args.chosen.answeredBy && v.answeredAt === args.chosen.answeredAt);
	if (!chosen) return refuse('rejected', 'unknown_answer_version', 'The chosen version is not one of the conflict’s', 'args.chosen');
	await writeConflict(ctx, target.scope, { ...conflict, resolvedBy: ctx.actor.userId, resolvedAt: ctx.now, chosen: args.chosen });
	await writeAnswer(ctx, target.scope, key, chosen, (await storedAnswer(ctx, key)) !== undefined);
	return applied;
}

/** Drops an officer's conflicts with the officer (removeOfficer), with tombstones. */
export async function removeOfficerConflicts(ctx: HandlerContext, scope: ChangeScope, inspectionId: string, officerId: string) {
	const gone = await ctx.trx
		.deleteFrom('answer_conflicts')
		.where('inspection_id', '=', inspectionId)
		.where('officer_id', '=', officerId)
		.returning('item_id')
		.execute();
	for (const { item_id: itemId } of gone) ctx.log.delete(scope, 'answerConflict', { inspectionId, itemId, officerId });
}
