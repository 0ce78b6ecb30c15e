/**
 * The outbox: mutations waiting for the server, in the order they were made.
 *
 * `enqueue` must be called inside the Dexie transaction that writes the row it describes, so
 * the change and its mutation commit or abort together: nothing queued for a write that
 * failed, nothing written that is not queued. Sequence numbers come from a counter in the same
 * transaction, so they have no gaps even when a transaction aborts.
 *
 * Entries leave only when the server acknowledges them (sync engine); a network error never
 * removes one.
 */
import { Dexie } from 'dexie';
import { uuidv7 } from '$lib/domain/uuid';
import type { Mutation, MutationArgs, MutationName } from '$lib/domain/protocol';
import type { AppDb, OutboxEntry } from './app-db';

export { clientId } from './client-id';

/**
 * The shared protocol (zod schemas), imported at the first enqueue instead of with the page: a
 * page's first paint counts the outbox but queues nothing, and building the schemas costs the
 * offline cold start (issue 20) more than anything it shows. The sync engine, started after the
 * first paint, loads the same module, so an inspector's first tap rarely waits for it. Inside the
 * action's Dexie transaction the import is awaited through `Dexie.waitFor`, which keeps it alive.
 */
const protocol = () => {
	const loading = import('$lib/domain/protocol');
	return Dexie.currentTransaction ? Dexie.waitFor(loading) : loading;
};

/** The tables every user action's transaction must include besides its own. */
export const outboxTables = (db: AppDb) => [db.outbox, db.meta];

async function nextSeq(db: AppDb): Promise<number> {
	const row = await db.meta.get('nextSeq');
	const seq = typeof row?.value === 'number' ? row.value : 1;
	await db.meta.put({ key: 'nextSeq', value: seq + 1 });
	return seq;
}

/**
 * Queues one named intent. Validates the arguments with the shared schema first, so a
 * malformed mutation fails the user's action here instead of being rejected by the server later.
 */
export async function enqueue<N extends MutationName>(
	db: AppDb,
	name: N,
	args: MutationArgs<N>,
	inspectionId: string | null
): Promise<Mutation> {
	if (!Dexie.currentTransaction) throw new Error(`enqueue(${name}) outside a transaction`);
	const { mutationArgsSchemas, MUTATION_SCHEMA_VERSION } = await protocol();
	const parsed = mutationArgsSchemas[name].parse(args);
	const mutation = {
		mutationId: uuidv7(),
		seq: await nextSeq(db),
		schemaVersion: MUTATION_SCHEMA_VERSION,
		createdAt: new Date().toISOString(),
		name,
		args: parsed
	} as Mutation;
	const entry: OutboxEntry = { mutation, inspectionId, state: 'pending', attempts: 0, lastError: null };
	await db.outbox.add(entry);
	return mutation;
}

export function pendingCount(db: AppDb): Promise<number> {
	return db.outbox.where('state').equals('pending').count();
}
