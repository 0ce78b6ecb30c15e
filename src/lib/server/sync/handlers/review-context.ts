/**
 * What the review and remediation handlers share: loading the record or finding an intent acts
 * on, asking the shared rule (`canApplyMutation`, which defers to the state machines), turning
 * its refusal into a push result, and appending events to the history tables and the pull feed.
 *
 * Refusals keep the state machine's Vietnamese reason: `forbidden` → rejected (never applies for
 * this person), `not_found` → rejected, `not_editable` → conflict (the record or finding moved
 * on under the device; the next pull shows how).
 */
import type { FindingFacts, FindingStatus } from '$lib/domain/finding-states';
import type { EntityRow, MutationName } from '$lib/domain/protocol';
import { canApplyMutation, type Decision } from '$lib/domain/permissions';
import type { InspectionRow } from '../../db/schema';
import type { ChangeScope } from '../change-log';
import { findingOf } from '../row-converters';
import { refuse, type Outcome } from '../results';
import { factsOf, knownTo, scopeOf, type HandlerContext } from './context';
import { summarizeRecords } from '../../reports/record-summaries';

/** The refusal of a shared rule as a push result, its reason unchanged. */
export function ruleOutcome(decision: Exclude<Decision, { ok: true }>, field: string): Outcome {
	if (decision.code === 'not_editable') return refuse('conflict', 'not_editable', decision.reason, field);
	return refuse('rejected', decision.code, decision.reason, field);
}

/** The mutationId of the raw pushed mutation: the id of the event an intent without one adds. */
export const mutationIdOf = (raw: unknown): string => String((raw as { mutationId?: unknown }).mutationId);

export type Target = { ok: true; inspection: InspectionRow; scope: ChangeScope } | { ok: false; outcome: Outcome };

/** Loads a record a review intent acts on and checks the rule. */
export async function reviewTarget(ctx: HandlerContext, name: MutationName, inspectionId: string): Promise<Target> {
	const row = await ctx.trx.selectFrom('inspections').selectAll().where('id', '=', inspectionId).executeTakeFirst();
	const decision = canApplyMutation(ctx.actor, name, row ? { ...factsOf(row), teamUserIds: teamUserIdsOf(row) } : null);
	if (!decision.ok) return { ok: false, outcome: ruleOutcome(decision, 'args.inspectionId') };
	if (!row) throw new Error(`rule allowed ${name} on a missing inspection`);
	return { ok: true, inspection: row, scope: scopeOf(row) };
}

/** The accounts on a record's team (members picked from accounts carry their `userId`). */
function teamUserIdsOf(row: InspectionRow): string[] {
	const team = (JSON.parse(row.data) as { team?: { userId?: string }[] }).team ?? [];
	return team.flatMap((member) => (member.userId ? [member.userId] : []));
}

export type FindingTarget =
	| { ok: true; inspection: InspectionRow; scope: ChangeScope; finding: Awaited<ReturnType<typeof loadFinding>> & object }
	| { ok: false; outcome: Outcome };

const loadFinding = (ctx: HandlerContext, findingId: string) =>
	ctx.trx.selectFrom('findings').selectAll().where('id', '=', findingId).executeTakeFirst();

/** Loads a finding, its record, and checks the rule for `name` on it. */
export async function findingTarget(ctx: HandlerContext, name: MutationName, findingId: string): Promise<FindingTarget> {
	const stored = await loadFinding(ctx, findingId);
	// A finding of a record the actor may not know of is answered as absent (`knownTo`).
	const row = stored
		? await knownTo(ctx, await ctx.trx.selectFrom('inspections').selectAll().where('id', '=', stored.inspection_id).executeTakeFirst())
		: undefined;
	const finding = row ? stored : undefined;
	const facts: FindingFacts | null =
		finding && row
			? {
					status: finding.status as FindingStatus,
					unitCode: row.unit_code,
					provinceCode: row.province_code,
					inspectionAuthor: row.owner_user_id
				}
			: null;
	const decision = canApplyMutation(ctx.actor, name, row ? factsOf(row) : null, undefined, facts);
	if (!decision.ok) return { ok: false, outcome: ruleOutcome(decision, 'args.findingId') };
	if (!finding || !row) throw new Error(`rule allowed ${name} on a missing finding`);
	return { ok: true, inspection: row, scope: scopeOf(row), finding };
}

/** The acting account's display name, carried in each event so history reads as people, not ids. */
async function actorName(ctx: HandlerContext): Promise<string> {
	const row = await ctx.trx.selectFrom('users').select('display_name').where('id', '=', ctx.actor.userId).executeTakeFirst();
	return row?.display_name ?? '';
}

/** Appends one review event of a record (history table and pull feed). */
export async function addInspectionEvent(
	ctx: HandlerContext,
	target: { inspection: InspectionRow; scope: ChangeScope },
	id: string,
	kind: 'returned' | 'approved',
	comment: string
): Promise<void> {
	const event: EntityRow<'inspectionEvent'> = {
		id,
		inspectionId: target.inspection.id,
		kind,
		actorUserId: ctx.actor.userId,
		actorName: await actorName(ctx),
		at: ctx.now,
		comment
	};
	const version = ctx.log.upsert(target.scope, 'inspectionEvent', event);
	await ctx.trx
		.insertInto('inspection_events')
		.values({
			id,
			inspection_id: event.inspectionId,
			kind,
			actor_user_id: ctx.actor.userId,
			at: ctx.now,
			data: JSON.stringify({ comment }),
			version
		})
		.execute();
}

/** Is there already an event with this id (the device reused an eventId for another intent)? */
export async function findingEventExists(ctx: HandlerContext, id: string): Promise<boolean> {
	return (await ctx.trx.selectFrom('finding_events').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/**
 * Appends one event to a finding's history and, in the same transaction, sets the finding's
 * derived row (status, and whatever `patch` changes) and sends both to the pull feed.
 */
export async function addFindingEvent(
	ctx: HandlerContext,
	target: Extract<FindingTarget, { ok: true }>,
	event: { id: string; kind: EntityRow<'findingEvent'>['kind']; status: FindingStatus; data: Record<string, unknown> },
	patch: { critical?: number; deadline?: string; recommendation?: string; detail?: string } = {}
): Promise<void> {
	const { finding, scope } = target;
	const row = { ...finding, ...patch, status: event.status };
	const findingVersion = ctx.log.upsert(scope, 'finding', findingOf(row));
	await ctx.trx
		.updateTable('findings')
		.set({ ...patch, status: event.status, version: findingVersion, updated_at: ctx.now })
		.where('id', '=', finding.id)
		.execute();
	const wire: EntityRow<'findingEvent'> = {
		id: event.id,
		findingId: finding.id,
		inspectionId: finding.inspection_id,
		kind: event.kind,
		actorUserId: ctx.actor.userId,
		actorName: await actorName(ctx),
		at: ctx.now,
		status: event.status,
		...event.data
	};
	const version = ctx.log.upsert(scope, 'findingEvent', wire);
	await ctx.trx
		.insertInto('finding_events')
		.values({
			id: event.id,
			finding_id: finding.id,
			inspection_id: finding.inspection_id,
			kind: event.kind,
			actor_user_id: ctx.actor.userId,
			at: ctx.now,
			data: JSON.stringify({ status: event.status, ...event.data }),
			version
		})
		.execute();
	// Status, deadline, severity and the fix date are what the report's fix figures read.
	await summarizeRecords(ctx.trx, [finding.inspection_id], ctx.now);
}
