/**
 * Starting a planned visit (issue 16): the planned record becomes the starting inspector's draft
 * (planned-visits.ts `startedFromPlan`, the same function the device applies locally).
 *
 * Exactly once: the first start applies; a retry of the same mutation is answered from its
 * receipt by the push, and any other start of the visit (a second device, a colleague on the team)
 * is `conflict / not_editable` and learns who started it from the next pull. An inspector not
 * assigned to the visit, and anyone asking about an id that is no planned visit, get
 * `rejected / not_found` alike. Refusals are results, never errors, so the queue goes on.
 */
import type { MutationArgs } from '$lib/domain/protocol';
import { canApplyMutation } from '$lib/domain/permissions';
import { startedFromPlan, type PlannedRecord } from '$lib/domain/planned-visits';
import { applied, type Outcome } from '../results';
import { documentOf } from './inspections';
import { factsOf, outcomeOf, scopeOf, type HandlerContext } from './context';

export async function startPlannedInspection(ctx: HandlerContext, args: MutationArgs<'startPlannedInspection'>): Promise<Outcome> {
	const row = await ctx.trx.selectFrom('inspections').selectAll().where('id', '=', args.inspectionId).executeTakeFirst();
	const assigned = row
		? await ctx.trx.selectFrom('inspection_assignments').select('user_id').where('inspection_id', '=', row.id).execute()
		: [];
	const facts = row ? { ...factsOf(row), assignedInspectorIds: assigned.map((a) => a.user_id) } : null;
	const decision = canApplyMutation(ctx.actor, 'startPlannedInspection', facts);
	if (!decision.ok) return outcomeOf(decision, row ?? null);
	if (!row) throw new Error('rule allowed a start of a missing inspection');

	const doc = startedFromPlan(documentOf(row) as PlannedRecord, args, ctx.actor.userId);
	// The owner changes from the planning supervisor to the starting inspector. Earlier change rows
	// keep the supervisor as owner: every assigned inspector still receives them through the
	// assignment, and the supervisor through the province (visibility.ts).
	const scope = { ...scopeOf(row), ownerUserId: ctx.actor.userId };
	const version = ctx.log.upsert(scope, 'inspection', doc);
	await ctx.trx
		.updateTable('inspections')
		.set({
			status: doc.status,
			owner_user_id: ctx.actor.userId,
			started_at: doc.startedAt,
			data: JSON.stringify(doc),
			version,
			updated_at: ctx.now
		})
		.where('id', '=', row.id)
		.where('status', '=', 'planned')
		.execute();
	return applied;
}
