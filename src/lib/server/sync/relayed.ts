/**
 * A member's mutation that reached the server first inside a part the trưởng đoàn relayed
 * (handlers/relay-part.ts). When the member's own phone pushes it with its own seq, it is
 * answered with the outcome it had then and its seq is consumed as for any answered mutation;
 * the push then writes the usual receipt for this client, so later replays take the fast path.
 */
import type { Transaction } from 'kysely';
import type { PushedMutation } from '$lib/domain/protocol';
import type { Database } from '../db/schema';
import type { Actor } from './actor';
import { refuse, type Outcome } from './results';

export async function relayedOutcome(trx: Transaction<Database>, actor: Actor, mutation: PushedMutation): Promise<Outcome | null> {
	const row = await trx
		.selectFrom('relayed_mutations')
		.select(['user_id', 'outcome'])
		.where('mutation_id', '=', mutation.mutationId)
		.executeTakeFirst();
	if (!row) return null;
	// Relayed in another member's name: this id is not this account's to claim.
	if (row.user_id !== actor.userId)
		return refuse('deferred', 'mutation_id_reused', 'This mutationId was already used by another account', 'mutationId');
	return JSON.parse(row.outcome) as Outcome;
}
