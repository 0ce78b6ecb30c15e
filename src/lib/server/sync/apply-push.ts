/**
 * Push: applies a client's queued mutations exactly once and in order.
 *
 * - Mutations are applied in groups of up to GROUP_SIZE, each group one transaction under the
 *   writer lock (see write-transaction.ts), and each mutation inside it in its own savepoint. A
 *   refused mutation rolls back only its savepoint; a crash or a database error rolls back the
 *   whole group, which the device then pushes again — harmless, because of the receipts. One
 *   durable commit per group instead of per mutation is what makes a long queue drain quickly.
 * - Exactly once: every applied, rejected or conflicting mutation leaves a receipt keyed by its
 *   mutationId; pushing it again (the response was lost, the device retried) returns that
 *   receipt's result and changes nothing.
 * - In order: the server remembers the last seq it consumed per client. The next mutation must
 *   carry exactly the following seq; anything else is deferred and stops the batch, and the
 *   mutations after it are answered `deferred / waiting_for_seq`.
 * - A bad mutation (invalid, forbidden, conflicting) is answered, consumes its seq, and does not
 *   block the ones after it.
 */
import type { Kysely } from 'kysely';
import type { Mutation, PushedMutation, PushRequest } from '$lib/domain/protocol';
import { appendAuditEntries, type AuditEntry } from '../auth/audit';
import { notifyAfterMutation } from '../notifications/produce';
import { blobStore, type BlobLookup } from '../blobs';
import type { Database } from '../db/schema';
import { isValueError } from '../db/value-errors';
import { Breather } from '../breather';
import { Refusal } from '../http';
import type { Actor } from './actor';
import { mutationHandlers } from './handlers';
import { isFromNewerApp, mutationName, parseMutation } from './parse-mutation';
import { relayedOutcome } from './relayed';
import { refuse, resultFor, type MutationResult, type Outcome, type PushResponse } from './results';
import { writeTransaction, type WriteScope } from './write-transaction';

export interface PushOptions {
	/** Where to look for uploaded photos; the server's blob store by default. */
	blobs?: BlobLookup;
}

/**
 * Mutations per transaction. Larger groups save commits but hold the writer lock longer, and
 * every other device's push waits for it: 50 keeps a group near 100 ms on SQLite.
 */
const GROUP_SIZE = 50;

/** A result and, when the batch has to stop, the seq the server now waits for. */
interface Step {
	result: MutationResult;
	waitFor?: number;
	/** The mutation used up its seq (applied, rejected or conflicting; not a replay or deferral). */
	consumed?: boolean;
	/** The mutation as applied, for the audit trail. */
	applied?: Mutation;
}

/**
 * Applies `mutations` for `clientId` on behalf of `actor` and answers each one. Throws a
 * Refusal (403) if the client belongs to another user; lets database errors through (the route
 * answers 503 and the device retries the whole batch, which is safe because of receipts).
 */
export async function applyPush(
	db: Kysely<Database>,
	actor: Actor,
	request: PushRequest,
	options: PushOptions = {}
): Promise<PushResponse> {
	const blobs = options.blobs ?? blobStore();
	const { clientId } = request;
	await assertClientOwner(db, clientId, actor);

	const ordered = [...request.mutations].sort((a, b) => a.seq - b.seq);
	const results: MutationResult[] = [];
	let waitFor: number | undefined;
	let next = 0;
	while (next < ordered.length && waitFor === undefined) {
		// Fast path for replays: answered from the receipt without taking the writer lock.
		const replay = await receiptStep(db, clientId, ordered[next]!);
		const steps = replay ? [replay] : await pushGroup(db, actor, clientId, ordered.slice(next, next + GROUP_SIZE), blobs);
		for (const step of steps) results.push(step.result);
		waitFor = steps.at(-1)?.waitFor;
		next += steps.length;
		// better-sqlite3 answers synchronously, so a long batch would otherwise run as one
		// unbroken chain of promises and hold up every other request until it is done.
		await new Promise((resolve) => setImmediate(resolve));
	}
	for (const mutation of ordered.slice(next))
		results.push(resultFor(mutation, refuse('deferred', 'waiting_for_seq', `Not applied: waiting for seq ${waitFor}`)));
	return { results, lastAppliedSeq: await lastAppliedSeq(db, clientId) };
}

/**
 * One transaction: applies `group` in order until one has to wait, and moves the client's last
 * seq once, to the last seq consumed. Returns a step for each mutation it got to.
 */
async function pushGroup(
	db: Kysely<Database>,
	actor: Actor,
	clientId: string,
	group: PushedMutation[],
	blobs: BlobLookup
): Promise<Step[]> {
	return writeTransaction(db, async (scope) => {
		const firstSeq = await registerClient(scope, clientId, actor);
		// Read under the writer lock: a concurrent request cannot have applied one of them since.
		const receipts = await loadReceipts(
			scope.trx,
			group.map((m) => m.mutationId)
		);
		let lastSeq = firstSeq;
		const steps: Step[] = [];
		const audit: AuditEntry[] = [];
		// better-sqlite3 answers synchronously: without a turn for the loop now and then, a group
		// of long mutations would hold up every other request (other writers still wait for the
		// lock, readers for SQLite's one connection, but timers and I/O go on).
		const breather = new Breather();
		for (const mutation of group) {
			await breather.breathe();
			const step = await pushOne(scope, actor, clientId, mutation, blobs, lastSeq, receipts);
			steps.push(step);
			if (step.consumed) lastSeq = mutation.seq;
			if (step.applied) audit.push(auditEntry(actor, clientId, step.applied));
			// In the same transaction: a notification exists exactly when its cause committed.
			if (step.applied) await notifyAfterMutation(scope.trx, step.applied, actor.userId, scope.now);
			else if (step.result.status === 'rejected' && step.result.code === 'forbidden')
				audit.push(refusalEntry(actor, clientId, mutation, step.result));
			if (step.waitFor !== undefined) break;
		}
		if (lastSeq !== firstSeq)
			await scope.trx.updateTable('clients').set({ last_seq: lastSeq, updated_at: scope.now }).where('client_id', '=', clientId).execute();
		// In the same transaction: an entry exists exactly when the change it describes committed.
		await appendAuditEntries(scope.trx, audit);
		return steps;
	});
}

/** One mutation inside the group's transaction, `lastSeq` being the last seq consumed so far. */
async function pushOne(
	scope: WriteScope,
	actor: Actor,
	clientId: string,
	mutation: PushedMutation,
	blobs: BlobLookup,
	lastSeq: number,
	receipts: Receipts
): Promise<Step> {
	// Applied by a concurrent request, or earlier in this group under a repeated id?
	const replay = receiptOf(receipts, clientId, mutation);
	if (replay) return replay;
	if (isFromNewerApp(mutation)) {
		const outcome = refuse(
			'deferred',
			'schema_too_new',
			'Made by a newer app version than this server runs; send it again once the server is updated',
			'schemaVersion'
		);
		return { result: resultFor(mutation, outcome), waitFor: mutation.seq };
	}

	const expected = lastSeq + 1;
	if (mutation.seq < expected) {
		const outcome = refuse(
			'deferred',
			'seq_reused',
			`Seq ${mutation.seq} was already used by another mutation of this client; take a new clientId and renumber the queue`,
			'seq'
		);
		return { result: resultFor(mutation, outcome), waitFor: expected };
	}
	if (mutation.seq > expected) {
		const outcome = refuse('deferred', 'seq_gap', `Seq ${expected} is missing; send it first`, 'seq');
		return { result: resultFor(mutation, outcome), waitFor: expected };
	}

	// Already applied from a part the trưởng đoàn relayed (relay-part.ts): answered, not applied again.
	const relayed = await relayedOutcome(scope.trx, actor, mutation);
	const parsed = relayed ? null : parseMutation(mutation);
	const outcome =
		relayed ??
		(parsed!.ok
			? await applyInSavepoint(scope, actor, blobs, parsed!.mutation, mutation)
			: refuse('rejected', parsed!.code, parsed!.message, parsed!.field));
	const result = resultFor(mutation, outcome);
	// Deferred: nothing stored, the seq stays free for the retry.
	if (outcome.status === 'deferred') return { result, waitFor: mutation.seq };

	const stored = JSON.stringify(result);
	await scope.trx
		.insertInto('mutation_receipts')
		.values({
			mutation_id: mutation.mutationId,
			client_id: clientId,
			seq: mutation.seq,
			name: mutationName(mutation),
			result: stored,
			applied_at: scope.now
		})
		.execute();
	receipts.set(mutation.mutationId, { client_id: clientId, result: stored });
	return { result, consumed: true, ...(parsed?.ok && outcome.status === 'applied' ? { applied: parsed.mutation } : {}) };
}

/**
 * A mutation refused because this user may not do it: worth an entry of its own (ASVS 7.2.2,
 * access-control failures), unlike invalid or conflicting ones, which leave only their receipt.
 */
function refusalEntry(actor: Actor, clientId: string, mutation: PushedMutation, result: MutationResult): AuditEntry {
	return {
		action: 'mutation_refused',
		actorUserId: actor.userId,
		detail: { mutationId: mutation.mutationId, clientId, seq: mutation.seq, name: mutationName(mutation), code: result.code ?? null }
	};
}

/** One audit entry per applied mutation (rejections and replays leave only their receipt; refusals for lack of rights, one each). */
function auditEntry(actor: Actor, clientId: string, mutation: Mutation): AuditEntry {
	const args = mutation.args as { id?: unknown; inspectionId?: unknown };
	const inspectionId = mutation.name === 'createInspection' ? args.id : args.inspectionId;
	return {
		action: `mutation:${mutation.name}`,
		actorUserId: actor.userId,
		detail: {
			mutationId: mutation.mutationId,
			clientId,
			seq: mutation.seq,
			...(typeof inspectionId === 'string' ? { inspectionId } : {})
		}
	};
}

/**
 * Runs the intent's handler inside a savepoint: anything but `applied` rolls back whatever the
 * handler wrote, change-log entries included, so a refusal changes nothing but the receipt.
 */
async function applyInSavepoint(
	{ trx, log, now }: WriteScope,
	actor: Actor,
	blobs: BlobLookup,
	mutation: Mutation,
	raw: unknown
): Promise<Outcome> {
	const savepoint = await trx.savepoint('mutation').execute();
	const mark = log.mark();
	const handler = mutationHandlers[mutation.name] as (ctx: unknown, args: unknown, raw: unknown) => Promise<Outcome>;
	let outcome: Outcome;
	try {
		outcome = await handler({ trx: savepoint, log, actor, blobs, now }, mutation.args, raw);
	} catch (error) {
		if (!isValueError(error)) throw error;
		// A value the database cannot hold (PostgreSQL: an integer past 2^31 in an integer column).
		// Thrown on, it would fail the push with a 500 on every retry and jam the device's queue
		// behind it; it is this mutation that is wrong, so it is rejected like an invalid one.
		console.warn('[sync] mutation refused by the database:', error instanceof Error ? error.message : error);
		outcome = refuse('rejected', 'invalid', 'A value is beyond what the server can store (for example a number too large)');
	}
	if (outcome.status === 'applied') {
		await savepoint.releaseSavepoint('mutation').execute();
	} else {
		await savepoint.rollbackToSavepoint('mutation').execute();
		log.rollbackTo(mark);
	}
	return outcome;
}

type Receipts = Map<string, { client_id: string; result: string }>;

/** The receipts held for these mutation ids: one query for a whole group. */
async function loadReceipts(db: Kysely<Database>, mutationIds: string[]): Promise<Receipts> {
	const rows = await db
		.selectFrom('mutation_receipts')
		.select(['mutation_id', 'client_id', 'result'])
		.where('mutation_id', 'in', mutationIds)
		.execute();
	return new Map(rows.map((r) => [r.mutation_id, r]));
}

/** The stored answer for a mutation already handled, or null when it is new. */
function receiptOf(receipts: Receipts, clientId: string, mutation: PushedMutation): Step | null {
	const receipt = receipts.get(mutation.mutationId);
	if (!receipt) return null;
	if (receipt.client_id !== clientId) {
		// A UUID collision is not plausible; this is a client copying another's queue. Refusing
		// to guess keeps both clients' histories intact.
		const outcome = refuse('deferred', 'mutation_id_reused', 'This mutationId was already used by another client', 'mutationId');
		return { result: resultFor(mutation, outcome), waitFor: mutation.seq };
	}
	return { result: JSON.parse(receipt.result) as MutationResult };
}

async function receiptStep(db: Kysely<Database>, clientId: string, mutation: PushedMutation): Promise<Step | null> {
	return receiptOf(await loadReceipts(db, [mutation.mutationId]), clientId, mutation);
}

/** Creates the client on its first push; returns the last seq consumed. */
async function registerClient({ trx, now }: WriteScope, clientId: string, actor: Actor): Promise<number> {
	await trx
		.insertInto('clients')
		.values({ client_id: clientId, user_id: actor.userId, last_seq: 0, created_at: now, updated_at: now })
		.onConflict((oc) => oc.column('client_id').doNothing())
		.execute();
	const client = await trx
		.selectFrom('clients')
		.select(['user_id', 'last_seq'])
		.where('client_id', '=', clientId)
		.executeTakeFirstOrThrow();
	if (client.user_id !== actor.userId) throw clientOfAnotherUser();
	return client.last_seq;
}

const clientOfAnotherUser = () => new Refusal(403, 'client_of_another_user', 'This clientId belongs to another account', 'clientId');

/** A client id is bound to the user who first pushed with it. */
export async function assertClientOwner(db: Kysely<Database>, clientId: string, actor: Actor): Promise<void> {
	const client = await db.selectFrom('clients').select('user_id').where('client_id', '=', clientId).executeTakeFirst();
	if (client && client.user_id !== actor.userId) throw clientOfAnotherUser();
}

export async function lastAppliedSeq(db: Kysely<Database>, clientId: string): Promise<number> {
	const client = await db.selectFrom('clients').select('last_seq').where('client_id', '=', clientId).executeTakeFirst();
	return client?.last_seq ?? 0;
}
