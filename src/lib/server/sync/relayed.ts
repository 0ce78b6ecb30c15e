/**
 * A member's mutation that reached the server first inside a part the trưởng đoàn relayed
 * (handlers/relay-part.ts). When the member's own phone pushes it with its own seq, it is
 * answered with the outcome it had then and its seq is consumed as for any answered mutation;
 * the push then writes the usual receipt for this client, so later replays are answered from it.
 */
import type { Kysely } from 'kysely';
import { preparedListQuery } from '../db/prepared-queries';
import type { Database } from '../db/schema';
import type { Actor } from './actor';
import { refuse, type Outcome } from './results';

export interface RelayedRow {
	user_id: string;
	outcome: string;
}

/** The relayed parts' record of these mutation ids: one query for a whole push group. */
export async function loadRelayed(db: Kysely<Database>, mutationIds: string[]): Promise<Map<string, RelayedRow>> {
	const rows = mutationIds.length === 0 ? [] : await relayedOf(db, mutationIds);
	return new Map(rows.map((r) => [r.mutation_id, r]));
}

const relayedOf = preparedListQuery('relayed', (db, ids) =>
	db.selectFrom('relayed_mutations').select(['mutation_id', 'user_id', 'outcome']).where('mutation_id', 'in', ids)
);

/** The outcome a relayed mutation had, for `actor` pushing it again; null when it was never relayed. */
export function relayedOutcome(row: RelayedRow | undefined, actor: Actor): Outcome | null {
	if (!row) return null;
	// Relayed in another member's name: this id is not this account's to claim.
	if (row.user_id !== actor.userId)
		return refuse('deferred', 'mutation_id_reused', 'This mutationId was already used by another account', 'mutationId');
	return JSON.parse(row.outcome) as Outcome;
}
