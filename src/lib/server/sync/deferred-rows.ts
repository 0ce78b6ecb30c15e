/**
 * Upserts a shared transaction holds back and sends together (issue 21): twelve capacity pushes
 * in one transaction each wrote their answers in an upsert of their own, twelve round trips where
 * one multi-row statement does. A run of answers hands its rows here (handlers/answer-run.ts) and
 * they go out, one statement per table and chunk, when something could read them:
 *
 * - before a run of answers reads stored answers or conflicts, or deletes answers;
 * - before any intent applied one by one (apply-push.ts: any handler may read them);
 * - before the transaction's tail, inside the savepoint of a work run apart (write-transaction.ts).
 *
 * A row for a slot already held back sends what is held first, so every statement holds each slot
 * once (PostgreSQL refuses an upsert that would touch one row twice) and the rows land in the order
 * they were given, exactly as if each had been sent at once.
 */
import type { Insertable, Kysely } from 'kysely';
import { insertRows, type OnConflict } from '../db/prepared-queries';
import type { Database } from '../db/schema';
import { statementChunks, textLength } from '../db/statement-chunks';
import type { SentWrites } from './sent-writes';

/** Rows per statement: well below both databases' parameter limits for the tables held back here. */
const CHUNK = 500;

/**
 * Tables whose new rows the others' point to (an answer's record, held back with it by a
 * creation, handlers/inspections.ts): written first, and answered before the rest are sent.
 */
const PARENTS: ReadonlySet<keyof Database> = new Set(['inspections']);

interface Held {
	table: keyof Database;
	/** How the upsert meets a row already there; null for a plain insert, which then fails. */
	conflict: OnConflict<keyof Database> | null;
	rows: Map<string, Insertable<Database[keyof Database]>>;
}

export class DeferredRows {
	#held = new Map<string, Held>();

	/** Holds `rows` (each with its slot, the conflict key as text) for one upsert of `table`. */
	async add<T extends keyof Database>(
		trx: Kysely<Database>,
		sent: SentWrites,
		table: T,
		conflict: OnConflict<T> | null,
		rows: readonly { slot: string; row: Insertable<Database[T]> }[]
	): Promise<void> {
		const key = `${table} ${conflict?.name ?? 'insert'}`;
		// Answered before the later row is sent: one sent a moment later may otherwise go first (SentWrites.drain).
		if (rows.some(({ slot }) => this.#held.get(key)?.rows.has(slot))) await this.writeOut(trx, sent);
		let held = this.#held.get(key);
		if (!held) {
			held = { table, conflict: conflict as unknown as OnConflict<keyof Database> | null, rows: new Map() };
			this.#held.set(key, held);
		}
		for (const { slot, row } of rows) held.rows.set(slot, row);
	}

	/**
	 * Sends everything held without waiting (`sent`): the parents' rows first, then the others in
	 * the order their tables were first given. The others go once the parents' are answered: a
	 * statement sent just after another may run before it (SentWrites.drain), and an answer must
	 * not arrive before its record.
	 */
	async flush(trx: Kysely<Database>, sent: SentWrites): Promise<void> {
		const held = [...this.#held.values()];
		this.#held.clear();
		const parents = held.filter((h) => PARENTS.has(h.table));
		const children = held.filter((h) => !PARENTS.has(h.table));
		for (const h of parents) await send(trx, sent, h);
		if (parents.length > 0 && children.length > 0) await sent.drain();
		for (const h of children) await send(trx, sent, h);
	}

	/**
	 * Sends everything held and waits until it and every write sent before are answered: what a
	 * statement that must see them (a read, a delete, a savepoint) is issued after.
	 */
	async writeOut(trx: Kysely<Database>, sent: SentWrites): Promise<void> {
		await this.flush(trx, sent);
		await sent.drain();
	}

	/** Forgets what is held: its work was rolled back. */
	clear(): void {
		this.#held.clear();
	}
}

async function send(trx: Kysely<Database>, sent: SentWrites, { table, conflict, rows }: Held): Promise<void> {
	for (const chunk of statementChunks([...rows.values()], CHUNK, textLength))
		await sent.send(insertRows(trx, table, chunk, conflict ?? undefined), chunk.length);
}
