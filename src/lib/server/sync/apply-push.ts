/**
 * Push: applies a client's queued mutations exactly once and in order.
 *
 * - Mutations are applied in groups of up to GROUP_SIZE, each group one transaction under the
 *   writer lock (see write-transaction.ts). A refused mutation writes nothing but its receipt:
 *   intents that check everything before they write need nothing more; the others run in a
 *   savepoint of their own, rolled back on refusal (`applyMutation`). A crash or a database error
 *   rolls back the whole group, which the device then pushes again — harmless, because of the
 *   receipts. One durable commit per group instead of per mutation is what makes a long queue
 *   drain quickly.
 * - In sets (issue 21): every statement is a round trip under the writer lock, so a transaction
 *   writes its receipts in one INSERT, its change rows in one, its audit entries in one, and moves
 *   its clients' last seqs in one, whether it holds one push group or many small pushes sharing it
 *   (transaction-tail.ts); a run of consecutive answers is read, decided and written as a set
 *   (handlers/answer-run.ts), and so is a run of officers added (handlers/officer-run.ts).
 *   tests/integration/push-statements.test.ts counts them. Writes nobody reads back before the
 *   commit go without waiting for their answers (sent-writes.ts), so the server
 *   prepares the next statement while the database runs the last one.
 * - Exactly once: every applied, rejected or conflicting mutation leaves a receipt keyed by its
 *   mutationId; pushing it again (the response was lost, the device retried) returns that
 *   receipt's result and changes nothing.
 * - In order: the server remembers the last seq it consumed per client. The next mutation must
 *   carry exactly the following seq; anything else is deferred and stops the batch, and the
 *   mutations after it are answered `deferred / waiting_for_seq`.
 * - A bad mutation (invalid, forbidden, conflicting) is answered, consumes its seq, and does not
 *   block the ones after it.
 */
import type { Kysely, Transaction } from 'kysely';
import { MAX_MUTATIONS_PER_PUSH, type Mutation, type PushedMutation, type PushRequest } from '$lib/domain/protocol';
import type { AuditEntry } from '../auth/audit';
import { notifyAfterMutation } from '../notifications/produce';
import { blobStore, type BlobLookup } from '../blobs';
import type { Database } from '../db/schema';
import { preparedListQuery, preparedQuery } from '../db/prepared-queries';
import { isKeyTaken, isValueError } from '../db/value-errors';
import { Breather, timeToLook } from '../breather';
import { Refusal } from '../http';
import type { Actor } from './actor';
import { mutationHandlers } from './handlers';
import { isFromNewerApp, mutationName, parseMutation } from './parse-mutation';
import { applyAnswerRun } from './handlers/answer-run';
import { applyOfficerRun } from './handlers/officer-run';
import type { HandlerContext } from './handlers/context';
import { loadRelayed, relayedOutcome, type RelayedRow } from './relayed';
import { refuse, resultFor, type MutationResult, type Outcome, type PushResponse } from './results';
import { sharedWriteTransaction, type ReadAhead, type WriteScope } from './write-transaction';

export interface PushOptions {
	/** Where to look for uploaded photos; the server's blob store by default. */
	blobs?: BlobLookup;
}

/**
 * Mutations per transaction: a whole push (at most MAX_MUTATIONS_PER_PUSH). Larger groups save
 * commits — and on SQLite the index pages every commit writes to the WAL again — but hold the
 * writer lock longer, and every other device's push waits for it. Written in sets, a group of
 * 500 of the sync bench's shape takes about 31 ms on SQLite and 57 ms on PostgreSQL here (8,400
 * mutations pushed from node in 0.54 s / 0.97 s, against 0.58 s / 1.04 s in groups of 200; the
 * browser's push 0.73 s / 1.20 s against 0.87 s / 1.33 s), well inside a latency objective of
 * 250 ms; groups of 50, written one by one, once took near 100 ms.
 */
const GROUP_SIZE = MAX_MUTATIONS_PER_PUSH;

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
	// Nothing to apply: the client's last seq, if it is this account's client.
	if (request.mutations.length === 0) return { results: [], lastAppliedSeq: await assertClientOwner(db, clientId, actor) };

	// Every group goes to the writer queue, replays too: the client's owner, its last seq and the
	// receipts held are read there, under the lock, and for pushes sharing a transaction in one
	// statement each for all of them (`readGroupsAhead`). A read before the lock for each push
	// (its owner, then its replays) cost a round trip per push on the path every push takes, to
	// spare the lock the rare replay.
	const ordered = [...request.mutations].sort((a, b) => a.seq - b.seq);
	const results: MutationResult[] = [];
	let waitFor: number | undefined;
	let lastSeq = 0;
	let next = 0;
	while (next < ordered.length && waitFor === undefined) {
		const group = await pushGroup(db, actor, clientId, ordered.slice(next, next + GROUP_SIZE), blobs);
		lastSeq = group.lastSeq;
		for (const step of group.steps) results.push(step.result);
		waitFor = group.steps.at(-1)?.waitFor;
		next += group.steps.length;
		// better-sqlite3 answers synchronously, so a long batch would otherwise run as one
		// unbroken chain of promises and hold up every other request until it is done.
		await new Promise((resolve) => setImmediate(resolve));
	}
	for (const mutation of ordered.slice(next))
		results.push(resultFor(mutation, refuse('deferred', 'waiting_for_seq', `Not applied: waiting for seq ${waitFor}`)));
	return { results, lastAppliedSeq: lastSeq };
}

/**
 * One transaction: applies `group` in order until one has to wait, and moves the client's last
 * seq once, to the last seq consumed. Returns a step for each mutation it got to.
 *
 * `careful`: every mutation in a savepoint of its own and no sets (see `applyMutation`). The
 * group is applied so again, from the start, when the quick way met a value the database
 * refuses: that refusal aborts the transaction (PostgreSQL), and only a savepoint can keep it to
 * the one mutation at fault.
 */
async function pushGroup(
	db: Kysely<Database>,
	actor: Actor,
	clientId: string,
	group: PushedMutation[],
	blobs: BlobLookup,
	careful = false
): Promise<{ steps: Step[]; lastSeq: number }> {
	try {
		const plan: GroupPlan = {
			clientId,
			userId: actor.userId,
			mutationIds: group.map((m) => m.mutationId),
			relays: group.some((m) => mutationName(m) === 'relayPart')
		};
		const applied = await sharedWriteTransaction(
			db,
			(scope) => applyGroup(new GroupWork(scope, actor, clientId, blobs, careful), group),
			group.length,
			{ by: readGroupsAhead, plan }
		);
		// Refused as an answer, not thrown inside the transaction: a throw there would send every
		// push sharing it round again, each in a savepoint.
		if (applied === OF_ANOTHER_USER) throw clientOfAnotherUser();
		return applied;
	} catch (error) {
		// A new record under an id taken already fails the transaction it was held back for
		// (handlers/inspections.ts); the careful way inserts it alone and refuses it.
		if (careful || !(isValueError(error) || isKeyTaken(error) || error instanceof WroteBeforeRefusing)) throw error;
		return pushGroup(db, actor, clientId, group, blobs, true);
	}
}

/** What one group's transaction works with. What it writes at its end goes to the scope's tail. */
class GroupWork {
	readonly steps: Step[] = [];
	receipts: Receipts = new Map();
	relayed: Map<string, RelayedRow> = new Map();

	constructor(
		readonly scope: WriteScope,
		readonly actor: Actor,
		readonly clientId: string,
		readonly blobs: BlobLookup,
		readonly careful: boolean
	) {}

	/** Answers `mutation` with `result`, consuming its seq: the receipt is written with the transaction's (transaction-tail.ts). */
	receipt(mutation: PushedMutation, result: MutationResult) {
		const stored = JSON.stringify(result);
		this.scope.tail.receipt({
			mutation_id: mutation.mutationId,
			client_id: this.clientId,
			seq: mutation.seq,
			name: mutationName(mutation),
			result: stored,
			applied_at: this.scope.now
		});
		this.receipts.set(mutation.mutationId, { client_id: this.clientId, result: stored });
	}

	audit(entry: AuditEntry) {
		this.scope.tail.audit(entry);
	}

	/** What a handler is given: this push's actor and blobs, the transaction (or a savepoint of it). */
	context(trx: Transaction<Database>, extra: Pick<HandlerContext, 'sent' | 'fresh' | 'deferred'> = {}): HandlerContext {
		const { log, now } = this.scope;
		return { trx, log, actor: this.actor, blobs: this.blobs, now, ...extra };
	}
}

/** What a group answers when its clientId is another account's: nothing of it is applied. */
const OF_ANOTHER_USER = Symbol('client of another user');

async function applyGroup(work: GroupWork, group: PushedMutation[]): Promise<{ steps: Step[]; lastSeq: number } | typeof OF_ANOTHER_USER> {
	const { scope, actor, clientId } = work;
	const ahead = scope.readAhead.get(readGroupsAhead) as GroupsRead | null | undefined;
	const firstSeq = await registerClient(scope, clientId, actor, ahead?.clients);
	if (firstSeq === OF_ANOTHER_USER) return OF_ANOTHER_USER;
	// Read under the writer lock: a concurrent request cannot have applied one of them since.
	// Those applied earlier in this transaction are held in its tail, not written yet.
	const ids = group.map((m) => m.mutationId);
	work.receipts = ahead ? pick(ahead.receipts, ids) : await loadReceipts(scope.trx, ids);
	for (const id of ids) {
		const held = scope.tail.heldReceipt(id);
		if (held) work.receipts.set(id, { client_id: held.client_id, result: held.result });
	}
	work.relayed = ahead ? pick(ahead.relayed, ids) : await loadRelayed(scope.trx, ids);
	let lastSeq = firstSeq;
	// better-sqlite3 answers synchronously: without a turn for the loop now and then, a group
	// of long mutations would hold up every other request (other writers still wait for the
	// lock, readers for SQLite's one connection, but timers and I/O go on).
	const breather = new Breather();
	let next = 0;
	let waiting = false;
	while (next < group.length && !waiting) {
		await breather.breathe();
		const run = work.careful ? [] : await runAt(work, group, next, lastSeq, breather);
		const steps = run.length > 0 ? await pushRun(work, run) : [await pushOne(work, group[next]!, lastSeq)];
		for (const step of steps) {
			const mutation = group[next++]!;
			work.steps.push(step);
			if (step.consumed) lastSeq = mutation.seq;
			if (step.applied) work.audit(auditEntry(actor, clientId, step.applied));
			// In the same transaction: a notification exists exactly when its cause committed.
			if (step.applied) await notifyAfterMutation(scope.trx, step.applied, actor.userId, scope.now);
			else if (step.result.status === 'rejected' && step.result.code === 'forbidden')
				work.audit(refusalEntry(actor, clientId, mutation, step.result));
			if (step.waitFor !== undefined) waiting = true;
		}
	}
	// Audit entries, receipts and the last seq are written at the transaction's end (its tail),
	// in the same transaction: an entry exists exactly when the change it describes committed.
	if (lastSeq !== firstSeq) scope.tail.moveLastSeq(clientId, actor.userId, lastSeq);
	return { steps: work.steps, lastSeq };
}

/** What a push group reads first, before its mutations: its client, and the receipts and relayed parts of its ids. */
interface GroupPlan {
	clientId: string;
	userId: string;
	mutationIds: string[];
	/** It holds a relayed part, which writes rows (relayed mutations, receipts) later groups read. */
	relays: boolean;
}

interface GroupsRead {
	clients: Map<string, ClientRow>;
	receipts: Receipts;
	relayed: Map<string, RelayedRow>;
}

/**
 * The push groups sharing a transaction register their clients in one statement and read their
 * receipts and relayed parts in one each, at its start. Nothing the groups write in between
 * changes those rows but what the transaction's tail holds (receipts, last seqs: each group
 * looks there too) and a relayed part's writes, so a batch with a relayed part reads group by
 * group as before.
 */
const readGroupsAhead: ReadAhead<GroupPlan, GroupsRead> = {
	async read({ trx, now }, plans) {
		const ids = plans.flatMap((p) => p.mutationIds);
		if (plans.some((p) => p.relays) || ids.length > ID_CHUNK) return null;
		// One row per client (an upsert may not meet the same row twice); a second account's group
		// under the same id finds it registered to the first and is refused in `registerClient`.
		const byClient = new Map<string, string>();
		for (const p of plans) if (!byClient.has(p.clientId)) byClient.set(p.clientId, p.userId);
		const registered = await trx
			.insertInto('clients')
			.values(
				[...byClient].map(([clientId, userId]) => ({ client_id: clientId, user_id: userId, last_seq: 0, created_at: now, updated_at: now }))
			)
			.onConflict((oc) => oc.column('client_id').doUpdateSet((eb) => ({ updated_at: eb.ref('clients.updated_at') })))
			.returning(['client_id', 'user_id', 'last_seq'])
			.execute();
		return {
			clients: new Map(registered.map((c) => [c.client_id, c])),
			receipts: await loadReceipts(trx, ids),
			relayed: await loadRelayed(trx, ids)
		};
	}
};

/** The entries of `map` under `keys`. */
function pick<V>(map: Map<string, V>, keys: string[]): Map<string, V> {
	const picked = new Map<string, V>();
	for (const key of keys) {
		const value = map.get(key);
		if (value !== undefined) picked.set(key, value);
	}
	return picked;
}

/** Where a mutation stands before its intent is looked at: answered already, or ready to apply. */
type Admission =
	{ kind: 'answered'; step: Step } | { kind: 'relayed'; outcome: Outcome } | { kind: 'parsed'; parsed: ReturnType<typeof parseMutation> };

/** The checks every mutation passes first, in memory: replay, app version, seq, relayed part, shape. */
function admit(work: GroupWork, mutation: PushedMutation, lastSeq: number): Admission {
	// Applied by a concurrent request, or earlier in this group under a repeated id?
	const replay = receiptOf(work.receipts, work.clientId, mutation);
	if (replay) return { kind: 'answered', step: replay };
	if (isFromNewerApp(mutation)) {
		const outcome = refuse(
			'deferred',
			'schema_too_new',
			'Made by a newer app version than this server runs; send it again once the server is updated',
			'schemaVersion'
		);
		return { kind: 'answered', step: { result: resultFor(mutation, outcome), waitFor: mutation.seq } };
	}

	const expected = lastSeq + 1;
	if (mutation.seq < expected) {
		const outcome = refuse(
			'deferred',
			'seq_reused',
			`Seq ${mutation.seq} was already used by another mutation of this client; take a new clientId and renumber the queue`,
			'seq'
		);
		return { kind: 'answered', step: { result: resultFor(mutation, outcome), waitFor: expected } };
	}
	if (mutation.seq > expected) {
		const outcome = refuse('deferred', 'seq_gap', `Seq ${expected} is missing; send it first`, 'seq');
		return { kind: 'answered', step: { result: resultFor(mutation, outcome), waitFor: expected } };
	}

	// Already applied from a part the trưởng đoàn relayed (relay-part.ts): answered, not applied again.
	const relayed = relayedOutcome(work.relayed.get(mutation.mutationId), work.actor);
	if (relayed) return { kind: 'relayed', outcome: relayed };
	return { kind: 'parsed', parsed: parseMutation(mutation) };
}

/** One mutation inside the group's transaction, `lastSeq` being the last seq consumed so far. */
async function pushOne(work: GroupWork, mutation: PushedMutation, lastSeq: number): Promise<Step> {
	const admission = admit(work, mutation, lastSeq);
	if (admission.kind === 'answered') return admission.step;
	const parsed = admission.kind === 'parsed' ? admission.parsed : null;
	const outcome =
		admission.kind === 'relayed'
			? admission.outcome
			: parsed!.ok
				? await applyMutation(work, parsed!.mutation, mutation)
				: refuse('rejected', parsed!.code, parsed!.message, parsed!.field);
	const result = resultFor(mutation, outcome);
	// Deferred: nothing stored, the seq stays free for the retry.
	if (outcome.status === 'deferred') return { result, waitFor: mutation.seq };
	work.receipt(mutation, result);
	return { result, consumed: true, ...(parsed?.ok && outcome.status === 'applied' ? { applied: parsed.mutation } : {}) };
}

/** The intents applied as sets when several come in a row (handlers/answer-run.ts, officer-run.ts). */
type RunName = 'answerItem' | 'addOfficer';
type RunEntry = { mutation: Extract<Mutation, { name: RunName }>; raw: PushedMutation };

/**
 * The mutations from `start` on that can be applied as one set: consecutive, of one intent that
 * has a set form, each admitted (its seq the next, no replay, not relayed) and well-formed. Such
 * an intent is never deferred, so each consumes its seq and the next one's admission can be
 * judged now.
 */
async function runAt(work: GroupWork, group: PushedMutation[], start: number, lastSeq: number, breather: Breather): Promise<RunEntry[]> {
	const run: RunEntry[] = [];
	const ids = new Set<string>();
	for (const raw of group.slice(start)) {
		// Checking a run of 500 long answers against the schema takes a while: other requests get
		// turns. Asked every few mutations only: an await per mutation cost a tenth of a push.
		if (timeToLook(run.length)) await breather.breathe();
		if (ids.has(raw.mutationId)) break;
		const admission = admit(work, raw, lastSeq);
		if (admission.kind !== 'parsed' || !admission.parsed.ok) break;
		const { mutation } = admission.parsed;
		if (mutation.name !== (run[0]?.mutation.name ?? mutation.name) || !(mutation.name in runHandlers)) break;
		run.push({ mutation: mutation as RunEntry['mutation'], raw });
		ids.add(raw.mutationId);
		lastSeq = raw.seq;
	}
	return run;
}

const runHandlers: Record<RunName, (ctx: HandlerContext, run: never[]) => Promise<Outcome[]>> = {
	answerItem: applyAnswerRun,
	addOfficer: applyOfficerRun
};

async function pushRun(work: GroupWork, run: RunEntry[]): Promise<Step[]> {
	const { trx, sent, fresh, deferred } = work.scope;
	// Officers point to their record, which a creation may still hold back: written first. Answers
	// are held back too, and go after it (deferred-rows.ts).
	if (run[0]!.mutation.name !== 'answerItem') await deferred.writeOut(trx, sent);
	const ctx = work.context(trx, { sent, fresh, deferred });
	const apply = runHandlers[run[0]!.mutation.name] as (ctx: HandlerContext, run: unknown[]) => Promise<Outcome[]>;
	const outcomes = await apply(
		ctx,
		run.map((r) => r.mutation.args)
	);
	return run.map(({ mutation, raw }, i) => {
		const result = resultFor(raw, outcomes[i]!);
		work.receipt(raw, result);
		return { result, consumed: true, ...(outcomes[i]!.status === 'applied' ? { applied: mutation } : {}) };
	});
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
 * Intents whose handler makes every check before its first write, so that a refusal has written
 * nothing and needs no savepoint to undo (two round trips saved per mutation). Checked as it runs:
 * a refusal that logged a change throws `WroteBeforeRefusing`, and the group is applied again
 * with a savepoint per mutation. Every other intent keeps its savepoint.
 */
const decidesBeforeWriting: ReadonlySet<Mutation['name']> = new Set([
	'createInspection',
	'answerItem',
	'addOfficer',
	'updateOfficer',
	'setFindingDraft'
]);

class WroteBeforeRefusing extends Error {}

/**
 * Runs the intent's handler, inside a savepoint unless it decides before it writes (above):
 * anything but `applied` rolls back whatever the handler wrote, change-log entries included, so
 * a refusal changes nothing but the receipt.
 */
async function applyMutation(work: GroupWork, mutation: Mutation, raw: unknown): Promise<Outcome> {
	const { trx, log } = work.scope;
	const handler = mutationHandlers[mutation.name] as (ctx: unknown, args: unknown, raw: unknown) => Promise<Outcome>;
	// Any handler but a creation's may read what the runs before it held back (deferred-rows.ts) or
	// sent without waiting: both are written first. A creation reads neither, so the next push's
	// answers can join those held back.
	if (mutation.name !== 'createInspection') await work.scope.deferred.writeOut(trx, work.scope.sent);
	const mark = log.mark();
	// Only a creation keeps the transaction's new records known (`fresh`: no answers, the row as
	// inserted): any other intent applied one by one may write answers, conflicts or the record
	// itself, so they are read again.
	const fresh = mutation.name === 'createInspection' ? work.scope.fresh : undefined;
	if (!fresh) work.scope.fresh.clear();
	if (!work.careful && decidesBeforeWriting.has(mutation.name)) {
		// A creation holds its row back to go with the others (handlers/inspections.ts).
		const held = fresh ? { sent: work.scope.sent, deferred: work.scope.deferred } : {};
		const outcome = await handler(work.context(trx, { fresh, ...held }), mutation.args, raw);
		if (outcome.status !== 'applied' && log.mark() !== mark) throw new WroteBeforeRefusing(mutation.name);
		return outcome;
	}
	// A relayed part checks the receipts from the database: those held so far are written first,
	// before this mutation's savepoint (rolling it back must not take them).
	if (mutation.name === 'relayPart') await work.scope.tail.writeReceipts(work.scope.trx, work.scope.sent);
	const savepoint = await trx.savepoint('mutation').execute();
	let outcome: Outcome;
	try {
		outcome = await handler(work.context(savepoint, { fresh }), mutation.args, raw);
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

/** Ids per query: far below either database's parameter limit. */
const ID_CHUNK = 500;

/** The receipts held for these mutation ids: one query for a whole group (or push). */
async function loadReceipts(db: Kysely<Database>, mutationIds: string[]): Promise<Receipts> {
	const receipts: Receipts = new Map();
	for (let i = 0; i < mutationIds.length; i += ID_CHUNK) {
		const rows = await receiptsOf(db, mutationIds.slice(i, i + ID_CHUNK));
		for (const r of rows) receipts.set(r.mutation_id, r);
	}
	return receipts;
}

const receiptsOf = preparedListQuery('receipts', (db, ids) =>
	db.selectFrom('mutation_receipts').select(['mutation_id', 'client_id', 'result']).where('mutation_id', 'in', ids)
);

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

/**
 * Creates the client on its first push; returns the last seq consumed. One statement: the insert
 * that meets an existing client "updates" it to itself, which returns the stored row.
 */
async function registerClient(
	{ trx, now, tail }: WriteScope,
	clientId: string,
	actor: Actor,
	/** Registered already, with the other groups of this transaction (`readGroupsAhead`). */
	registered?: Map<string, ClientRow>
): Promise<number | typeof OF_ANOTHER_USER> {
	// Moved by an earlier push in this transaction (a retry sharing it): held in its tail.
	const held = tail.lastSeqOf(clientId);
	if (held) return held.userId === actor.userId ? held.lastSeq : OF_ANOTHER_USER;
	const [client] = registered ? [registered.get(clientId)] : await upsertClient(trx, { clientId, userId: actor.userId, now });
	if (!client) throw new Error('registering the client returned no row');
	return client.user_id === actor.userId ? Number(client.last_seq) : OF_ANOTHER_USER;
}

interface ClientRow {
	user_id: string;
	last_seq: number;
}

const upsertClient = preparedQuery<{ clientId: string; userId: string; now: string }, { user_id: string; last_seq: number }>(
	'register client',
	['clientId', 'userId', 'now'],
	(db, v) =>
		db
			.insertInto('clients')
			.values({ client_id: v.clientId, user_id: v.userId, last_seq: 0, created_at: v.now, updated_at: v.now })
			.onConflict((oc) => oc.column('client_id').doUpdateSet((eb) => ({ updated_at: eb.ref('clients.updated_at') })))
			.returning(['user_id', 'last_seq'])
);

const ownerOfClient = preparedQuery<{ clientId: string }, { user_id: string; last_seq: number }>('owner of client', ['clientId'], (db, v) =>
	db.selectFrom('clients').select(['user_id', 'last_seq']).where('client_id', '=', v.clientId)
);

const clientOfAnotherUser = () => new Refusal(403, 'client_of_another_user', 'This clientId belongs to another account', 'clientId');

/** A client id is bound to the user who first pushed with it. Returns its last seq consumed (0 for a new client). */
export async function assertClientOwner(db: Kysely<Database>, clientId: string, actor: Actor): Promise<number> {
	const [client] = await ownerOfClient(db, { clientId });
	if (client && client.user_id !== actor.userId) throw clientOfAnotherUser();
	return Number(client?.last_seq ?? 0);
}
