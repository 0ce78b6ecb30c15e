/**
 * Every write to the synced tables goes through here, so that the change log's versions follow
 * commit order and a pull cursor can never step over a row that commits late.
 *
 * How: the transaction first updates the single `sync_counter` row. On PostgreSQL that row
 * lock is held until commit, so writers queue behind each other; on SQLite the transaction is
 * BEGIN IMMEDIATE (and the process has one connection), which serializes them the same way.
 * While holding it, the writer numbers its changes after the counter's value and, just before
 * commit, moves the counter past them. A transaction that gets version v therefore commits
 * after every transaction with a smaller version, and a reader who has seen v has seen them all.
 *
 * Why the lock comes first and not just before the change rows (issue 21 asked): every entity
 * row stores the version of the change that last wrote it, so entity writes need the counter
 * anyway; and the checks a handler makes (the record's state, the stored answer, the team) hold
 * only while no other writer can change them. Reading before the lock would need every writer
 * of every synced table — the 28 intents, plans and draws — to lock the records it
 * touches first, in one order, before its first read; a writer that did not (a submit reading
 * the answers it signs) could act on rows changed under it, and one that locks a record while
 * waiting for the counter deadlocks with one holding the counter and waiting for the record.
 * The time under the lock is cut instead: pushes write in sets (apply-push.ts) and share their
 * commits (`sharedWriteTransaction`). On SQLite nothing would change either way: BEGIN
 * IMMEDIATE already makes every writer wait for the whole transaction.
 */
import type { ControlledTransaction, Kysely } from 'kysely';
import { nextCommitHandedOn } from '../db/open-database';
import { insertRows, preparedQuery } from '../db/prepared-queries';
import { statementChunks } from '../db/statement-chunks';
import type { Database, InspectionRow } from '../db/schema';
import { DeferredRows } from './deferred-rows';
import { ChangeLog } from './change-log';
import { SentWrites } from './sent-writes';
import { TransactionTail } from './transaction-tail';

export interface WriteScope {
	trx: ControlledTransaction<Database>;
	log: ChangeLog;
	/** Server time for this transaction (updated_at, applied_at, recorded_at). */
	now: string;
	/** Writes sent without waiting for their answer; all are answered before the commit. */
	sent: SentWrites;
	/** Receipts, last seqs and audit entries, written once just before the commit (transaction-tail.ts). */
	tail: TransactionTail;
	/** What each kind of work of a shared transaction read for all of them at its start (`ReadAhead`). */
	readAhead: Map<ReadAhead<never, unknown>, unknown>;
	/**
	 * Records this transaction inserted that nothing has written to since, each with its row as
	 * stored: no answer or conflict can exist for them and the row is known, so a run of answers
	 * reads neither (handlers/answer-run.ts). Intents that could write either empty it
	 * (apply-push.ts); so does a work rolled back to its savepoint.
	 */
	fresh: Map<string, InspectionRow>;
	/** Upserts held back to go together, sent before anything could read them (deferred-rows.ts). */
	deferred: DeferredRows;
}

/**
 * Reads that the works of one kind (push groups) would each make first, made once for all the
 * works sharing a transaction before any of them runs: one statement for twelve pushes instead
 * of twelve. `read` returns what the works then find in `scope.readAhead` under this object, or
 * null when the batch's plans say it cannot be read ahead safely.
 */
export interface ReadAhead<Plan, Read> {
	read(scope: WriteScope, plans: Plan[]): Promise<Read | null>;
}

/** Change rows per INSERT: a push group's worth, 5,000 parameters, well below both databases' limits. */
const INSERT_CHUNK = 500;

const changeChars = (row: { data: string }) => row.data.length;

/**
 * Runs `work` in one transaction holding the writer lock, writes the changes it logged, and
 * commits. If `work` or the commit throws, nothing of it stays (the counter included).
 */
export async function writeTransaction<T>(db: Kysely<Database>, work: (scope: WriteScope) => Promise<T>): Promise<T> {
	const trx = await db.startTransaction().execute();
	const sent = new SentWrites();
	try {
		// A no-op update: it takes the row lock (PostgreSQL) before anything is read, so every
		// check the work makes sees the state no other writer can change until we commit.
		const [counter] = await lockCounter(trx, {});
		if (!counter) throw new Error('the sync counter row is missing');
		const { value } = counter;
		const now = new Date().toISOString();
		const log = new ChangeLog(Number(value) + 1, now);
		const tail = new TransactionTail();
		const deferred = new DeferredRows();
		const result = await work({ trx, log, now, sent, tail, readAhead: new Map(), fresh: new Map(), deferred });
		await deferred.flush(trx, sent);
		await tail.write(trx, sent, now);
		if (log.rows.length > 0) {
			await sent.send(advanceCounter(trx, { by: log.rows.length }));
			for (const chunk of statementChunks(log.rows, INSERT_CHUNK, changeChars))
				await sent.send(insertRows(trx, 'changes', chunk), chunk.length);
		}
		await sent.settle();
		await trx.commit().execute();
		return result;
	} catch (thrown) {
		// A read after a failed write fails only because the transaction is aborted: the write is the cause.
		const error = await sent.settle().then(
			() => thrown,
			(cause: unknown) => cause
		);
		await trx
			.rollback()
			.execute()
			.catch(() => {
				// The connection may be gone (that is often why we are here); the database rolls
				// back an unfinished transaction on its own.
			});
		throw error;
	}
}

const lockCounter = preparedQuery<Record<string, never>, { value: number }>('lock sync counter', [], (db) =>
	db
		.updateTable('sync_counter')
		.set((eb) => ({ value: eb.ref('value') }))
		.where('id', '=', 1)
		.returning('value')
);

const advanceCounter = preparedQuery<{ by: number }, unknown>('advance sync counter', ['by'], (db, v) =>
	db
		.updateTable('sync_counter')
		.set((eb) => ({ value: eb('value', '+', v.by) }))
		.where('id', '=', 1)
);

/**
 * Group commit. A commit waits for the disk (SQLite's log flush, db/wal-sync.ts; PostgreSQL's
 * WAL flush), and the writer lock makes write transactions go one at a time, so one transaction per
 * push caps a server at one push per disk flush whatever the CPU could do. Pushes that arrive
 * while a transaction is under way therefore wait and go together in the next one. Every promise
 * settles only after the commit, so no device hears "applied" before it is durable; if the
 * commit fails, every push in it fails and is retried whole, which receipts make harmless.
 * Versions stay in commit order: the shared transaction holds the lock and numbers its changes
 * like any other.
 *
 * Together, the works run one after the other with nothing between them, and what each holds
 * for the end (receipts, last seqs, audit entries: transaction-tail.ts) is written once for all.
 * A work that throws (a database error, a value the database refuses, a client of another
 * account) would take the others down with it, so then the transaction is rolled back and the
 * same works run again, each in a savepoint of its own: the one that fails rolls back to its
 * savepoint and fails alone (its caller sees its error), the others commit. Throwing is rare
 * (a refused mutation is an answer, not an error), and the savepoints and per-work writes cost
 * every push seven round trips under the lock, so the common case goes without them.
 */
export function sharedWriteTransaction<T>(
	db: Kysely<Database>,
	work: (scope: WriteScope) => Promise<T>,
	/** How much `work` writes (a push group: its mutations), to keep a shared transaction short. */
	weight = 1,
	/** What `work` reads first, to be read with the others' when it shares a transaction. */
	ahead?: { by: ReadAhead<never, unknown>; plan: unknown }
): Promise<T> {
	let queue = queues.get(db);
	if (!queue) {
		queue = { waiting: [], running: false };
		queues.set(db, queue);
	}
	const q = queue;
	return new Promise<T>((resolve, reject) => {
		q.waiting.push({ work, weight, ahead, resolve: resolve as (value: unknown) => void, reject });
		if (!q.running) void drain(db, q);
	});
}

interface Waiting {
	work: (scope: WriteScope) => Promise<unknown>;
	weight: number;
	ahead?: { by: ReadAhead<never, unknown>; plan: unknown };
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

interface Queue {
	waiting: Waiting[];
	running: boolean;
}

const queues = new WeakMap<Kysely<Database>, Queue>();

/**
 * Weight (mutations) per shared transaction: many small pushes share a flush, while the first
 * one to arrive waits for no more than half a full push group's work (500) besides its own. A
 * shared transaction of small pushes costs the same fifteen statements however many it holds
 * (their records, answers, receipts and audit entries go in one statement each), so the more
 * share one, the fewer wait behind the writer lock: 100 → 250 took PostgreSQL's closed loop at
 * 200 clients from 948–1,320 to 1,250–1,670 pushes/s and its p99 from 264–291 to 186–313 ms
 * (four runs each in turn, issue 21); SQLite's moved inside its noise.
 */
export const SHARED_WEIGHT = 250;

async function drain(db: Kysely<Database>, queue: Queue) {
	queue.running = true;
	try {
		while (queue.waiting.length > 0) {
			// One turn of the loop first: pushes whose bodies came in with this one reach the queue
			// and share its commit, instead of each paying a durable commit of its own.
			await new Promise((resolve) => setImmediate(resolve));
			const done = commitTogether(db, queue.waiting.splice(0, batchLength(queue.waiting)));
			// On SQLite the next transaction may start once this one's COMMIT has run, while the
			// disk flushes it: its works are answered only after that flush either way (db/wal-sync.ts).
			const handedOn = nextCommitHandedOn(db);
			await (handedOn ? Promise.race([done, handedOn]) : done);
		}
	} finally {
		queue.running = false;
	}
}

/** How many of the first waiting works go together: at least one, then while the weight allows. */
function batchLength(waiting: readonly Waiting[]): number {
	let weight = waiting[0]!.weight;
	let n = 1;
	while (n < waiting.length && weight + waiting[n]!.weight <= SHARED_WEIGHT) weight += waiting[n++]!.weight;
	return n;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

async function commitTogether(db: Kysely<Database>, batch: Waiting[]) {
	if (batch.length > 1 && (await commitMerged(db, batch))) return;
	const settled: Settled[] = [];
	try {
		await writeTransaction(db, async (scope) => {
			if (batch.length === 1) {
				settled.push({ ok: true, value: await batch[0]!.work(scope) });
				return;
			}
			for (const [i, waiting] of batch.entries()) settled.push(await inSavepoint(scope, `work_${i}`, waiting.work));
		});
	} catch (error) {
		for (const waiting of batch) waiting.reject(error);
		return;
	}
	batch.forEach((waiting, i) => {
		const outcome = settled[i]!;
		if (outcome.ok) waiting.resolve(outcome.value);
		else waiting.reject(outcome.error);
	});
}

/** The batch's works one after the other in one transaction; false (nothing kept) if any threw. */
async function commitMerged(db: Kysely<Database>, batch: Waiting[]): Promise<boolean> {
	let values: unknown[];
	try {
		values = await writeTransaction(db, async (scope) => {
			await readAhead(scope, batch);
			const done: unknown[] = [];
			for (const waiting of batch) done.push(await waiting.work(scope));
			return done;
		});
	} catch {
		// Run again with a savepoint per work, which finds the one at fault (or fails them all
		// again if the database itself is gone).
		return false;
	}
	batch.forEach((waiting, i) => waiting.resolve(values[i]));
	return true;
}

/** Each kind's reads for all its works in the batch, kept in the scope for them. */
async function readAhead(scope: WriteScope, batch: Waiting[]) {
	const plans = new Map<ReadAhead<never, unknown>, unknown[]>();
	for (const { ahead } of batch) if (ahead) plans.set(ahead.by, [...(plans.get(ahead.by) ?? []), ahead.plan]);
	for (const [by, kindPlans] of plans) scope.readAhead.set(by, await by.read(scope, kindPlans as never[]));
}

/**
 * One work of a batch run apart (see `commitTogether`): in a savepoint, with a tail of its own
 * written inside it, so that its receipts and audit entries go or stay with its rows.
 */
async function inSavepoint(scope: WriteScope, name: string, work: (scope: WriteScope) => Promise<unknown>): Promise<Settled> {
	// What earlier works hold back is theirs: written before this one can be rolled back.
	await scope.deferred.writeOut(scope.trx, scope.sent);
	const savepoint = await scope.trx.savepoint(name).execute();
	const trx = savepoint as unknown as ControlledTransaction<Database>;
	const mark = scope.log.mark();
	try {
		const tail = new TransactionTail();
		const value = await work({ ...scope, trx, tail });
		await scope.deferred.flush(trx, scope.sent);
		await tail.write(trx, scope.sent, scope.now);
		// This work's writes are answered inside its savepoint: one that fails rolls back only it.
		await scope.sent.settle();
		await savepoint.releaseSavepoint(name).execute();
		return { ok: true, value };
	} catch (thrown) {
		const error = await scope.sent.settle().then(
			() => thrown,
			(cause: unknown) => cause
		);
		// Rolling back can fail only with the connection; then the whole transaction goes.
		await savepoint.rollbackToSavepoint(name).execute();
		scope.log.rollbackTo(mark);
		scope.fresh.clear();
		scope.deferred.clear();
		return { ok: false, error };
	}
}
