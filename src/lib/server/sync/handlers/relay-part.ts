/**
 * `relayPart` (issue 17, must-show 3): the trưởng đoàn's phone read a member's part by QR codes,
 * merged it locally, and now relays it. The server trusts the part only as far as the member's
 * signature goes: it checks the signature against the member's registered key and that the
 * member is on the record's team, then applies each inner mutation through its own handler AS
 * THE MEMBER, with the member's permissions, exactly once by its mutationId:
 *
 * - a mutation the member's phone already pushed (a receipt exists) is skipped;
 * - one relayed before (an earlier, shorter part of the same member) is skipped;
 * - any other is applied (or refused) in its own savepoint and its outcome kept in
 *   `relayed_mutations`; when the member's phone pushes it later, the push answers that outcome
 *   and consumes the phone's seq (apply-push.ts, `relayedOutcome`).
 *
 * A refused inner mutation does not refuse the relay: it is what the member's own push would
 * have met, and the member's phone will be told so when it pushes.
 */
import type { ControlledTransaction } from 'kysely';
import { isRole } from '$lib/domain/permissions';
import type { Mutation, MutationArgs, MutationName } from '$lib/domain/protocol';
import { authenticatePart, type PartMutation, type PartRefusal } from '$lib/domain/team-part';
import type { Database } from '../../db/schema';
import { memberKey } from '../../device-keys';
import { isValueError } from '../../db/value-errors';
import type { Actor } from '../actor';
import { parseMutation } from '../parse-mutation';
import { applied, refuse, type Outcome } from '../results';
import { editableInspection, type HandlerContext } from './context';
import { restateRows } from './relay-restate';

type AnyHandler = (ctx: HandlerContext, args: unknown, raw: unknown) => Promise<Outcome>;

const refusals: Record<PartRefusal, Outcome> = {
	wrong_record: refuse('rejected', 'invalid', 'Every mutation of the part must be on the relayed record', 'args.mutations'),
	not_on_team: refuse('rejected', 'not_on_team', 'The signer is not a member of this record’s team', 'args.userId'),
	unknown_key: refuse('rejected', 'part_signature_invalid', 'No registered, unrevoked key of this member has this id', 'args.keyId'),
	bad_signature: refuse(
		'rejected',
		'part_signature_invalid',
		'The signature does not match the part and the member’s key',
		'args.signature'
	)
};

export async function relayPart(
	ctx: HandlerContext,
	args: MutationArgs<'relayPart'>,
	raw: unknown,
	handlers: Record<MutationName, AnyHandler>
): Promise<Outcome> {
	const target = await editableInspection(ctx, 'relayPart', args.inspectionId);
	if (!target.ok) return target.outcome;
	const assigned = await ctx.trx
		.selectFrom('inspection_assignments')
		.select('user_id')
		.where('inspection_id', '=', args.inspectionId)
		.execute();
	const record = {
		inspectionId: args.inspectionId,
		leadUserId: target.inspection.owner_user_id,
		memberUserIds: assigned.map((a) => a.user_id)
	};
	const key = await memberKey(ctx.trx, args.userId, args.keyId);
	const verdict = await authenticatePart(args, record, key ? [key] : []);
	if (!verdict.ok) return refusals[verdict.code];
	const member = await memberActor(ctx, args.userId);
	if (!member) return refusals.not_on_team;

	const relayMutationId = String((raw as { mutationId?: unknown }).mutationId);
	for (const inner of args.mutations) {
		if (await alreadyHandled(ctx, inner.mutationId)) continue;
		const { outcome, parsed } = await applyAsMember(ctx, member, inner, handlers);
		// Not applied for now (nothing by QR waits on a blob, but be safe): the member's own push will try it.
		if (outcome.status === 'deferred') continue;
		if (outcome.status !== 'applied' && parsed) await restateRows(ctx, target.scope, member.userId, parsed);
		await ctx.trx
			.insertInto('relayed_mutations')
			.values({
				mutation_id: inner.mutationId,
				user_id: member.userId,
				inspection_id: args.inspectionId,
				name: inner.name,
				outcome: JSON.stringify(outcome),
				relay_mutation_id: relayMutationId,
				applied_at: ctx.now
			})
			.execute();
	}
	return applied;
}

async function memberActor(ctx: HandlerContext, userId: string): Promise<Actor | null> {
	const user = await ctx.trx
		.selectFrom('users')
		.select(['id', 'role', 'province_code', 'unit_code'])
		.where('id', '=', userId)
		.executeTakeFirst();
	if (!user || !isRole(user.role)) return null;
	return { userId: user.id, role: user.role, provinceCode: user.province_code, unitCode: user.unit_code };
}

/** Pushed by the member's phone already, or relayed before: either way it happened once. */
async function alreadyHandled(ctx: HandlerContext, mutationId: string): Promise<boolean> {
	const receipt = await ctx.trx
		.selectFrom('mutation_receipts')
		.select('mutation_id')
		.where('mutation_id', '=', mutationId)
		.executeTakeFirst();
	if (receipt) return true;
	const relayed = await ctx.trx
		.selectFrom('relayed_mutations')
		.select('mutation_id')
		.where('mutation_id', '=', mutationId)
		.executeTakeFirst();
	return relayed !== undefined;
}

/**
 * One inner mutation through its intent's own schema and handler, as `member`, in a savepoint
 * nested in the relay's: a refusal rolls back its writes and change-log entries only.
 */
async function applyAsMember(
	ctx: HandlerContext,
	member: Actor,
	inner: PartMutation,
	handlers: Record<MutationName, AnyHandler>
): Promise<{ outcome: Outcome; parsed: Mutation | null }> {
	// The seq is the member phone's business; the schema only needs one to be there.
	const raw = { ...inner, seq: 1 };
	const parsed = parseMutation(raw);
	if (!parsed.ok) return { outcome: refuse('rejected', parsed.code, parsed.message, parsed.field), parsed: null };
	// Handlers get the push's savepoint (a ControlledTransaction) typed as a plain Transaction.
	const trx = ctx.trx as unknown as ControlledTransaction<Database>;
	const savepoint = await trx.savepoint('relayed').execute();
	const mark = ctx.log.mark();
	let outcome: Outcome;
	try {
		outcome = await handlers[parsed.mutation.name]({ ...ctx, trx: savepoint, actor: member }, parsed.mutation.args, raw);
	} catch (error) {
		if (!isValueError(error)) throw error;
		outcome = refuse('rejected', 'invalid', 'A value is beyond what the server can store (for example a number too large)');
	}
	if (outcome.status === 'applied') await savepoint.releaseSavepoint('relayed').execute();
	else {
		await savepoint.rollbackToSavepoint('relayed').execute();
		ctx.log.rollbackTo(mark);
	}
	return { outcome, parsed: parsed.mutation };
}
