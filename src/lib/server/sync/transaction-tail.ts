/**
 * What a write transaction records as it goes and writes once, just before its commit: push
 * receipts, the clients' last seqs and audit entries. Many small pushes share one transaction
 * (write-transaction.ts `sharedWriteTransaction`); written per push, these took seven round
 * trips each under the writer lock (the audit head locked, an entry, the head moved; the
 * receipts; the last seq; the push's savepoint and its release). Held here they take the same
 * statements once for the whole transaction.
 *
 * Reads under the lock must see what is held here as if it were written: a retry of a push in
 * the same transaction finds its receipts (`receipt`) and its client's last seq (`lastSeqOf`).
 * `mark` / `rollbackTo` undo what a piece of work recorded, as a savepoint undoes its rows.
 */
import type { Insertable } from 'kysely';
import { appendAuditEntries, type AuditEntry } from '../auth/audit';
import { insertRows, preparedQuery, replacedOnConflict } from '../db/prepared-queries';
import type { ClientsTable, Database, MutationReceiptsTable } from '../db/schema';
import type { ControlledTransaction, Transaction } from 'kysely';
import type { SentWrites } from './sent-writes';

export type NewReceipt = Insertable<MutationReceiptsTable>;

/** Where the tail was at a point in the transaction (see `mark`). */
export interface TailMark {
	audit: number;
	receipts: number;
	lastSeqs: Map<string, ClientSeq>;
}

export interface ClientSeq {
	userId: string;
	lastSeq: number;
}

/** Receipts per INSERT: 6 columns a row, far below either database's parameter limit. */
const RECEIPT_CHUNK = 500;

export class TransactionTail {
	readonly #audit: AuditEntry[] = [];
	/** Receipts not yet written, in the order made; `#receiptIds` finds them by mutation id. */
	readonly #receipts: NewReceipt[] = [];
	readonly #receiptIds = new Map<string, NewReceipt>();
	#lastSeqs = new Map<string, ClientSeq>();

	audit(entry: AuditEntry) {
		this.#audit.push(entry);
	}

	receipt(row: NewReceipt) {
		this.#receipts.push(row);
		this.#receiptIds.set(row.mutation_id, row);
	}

	/** The receipt recorded in this transaction for `mutationId`, not yet written. */
	heldReceipt(mutationId: string): NewReceipt | undefined {
		return this.#receiptIds.get(mutationId);
	}

	/** `clientId`'s last seq as this transaction has moved it, and for whom, if it has. */
	lastSeqOf(clientId: string): ClientSeq | undefined {
		return this.#lastSeqs.get(clientId);
	}

	moveLastSeq(clientId: string, userId: string, lastSeq: number) {
		this.#lastSeqs.set(clientId, { userId, lastSeq });
	}

	mark(): TailMark {
		return { audit: this.#audit.length, receipts: this.#receipts.length, lastSeqs: new Map(this.#lastSeqs) };
	}

	rollbackTo(mark: TailMark) {
		this.#audit.length = mark.audit;
		for (const dropped of this.#receipts.splice(mark.receipts)) this.#receiptIds.delete(dropped.mutation_id);
		this.#lastSeqs = new Map(mark.lastSeqs);
	}

	/**
	 * Writes the receipts held so far, for a check that reads them from the database (a relayed
	 * part asks whether its mutations were pushed already). Only where no savepoint opened since
	 * the receipts were recorded: rolling one back would take them with it.
	 */
	async writeReceipts(trx: Transaction<Database> | ControlledTransaction<Database>, sent: SentWrites) {
		const rows = this.#receipts.splice(0);
		this.#receiptIds.clear();
		for (let i = 0; i < rows.length; i += RECEIPT_CHUNK) {
			const chunk = rows.slice(i, i + RECEIPT_CHUNK);
			await sent.send(insertRows(trx, 'mutation_receipts', chunk), chunk.length);
		}
	}

	/** Writes everything held and empties the tail. The audit first: it waits for the audit head. */
	async write(trx: Transaction<Database> | ControlledTransaction<Database>, sent: SentWrites, now: string) {
		await appendAuditEntries(trx, this.#audit.splice(0), sent);
		await this.writeReceipts(trx, sent);
		const seqs = [...this.#lastSeqs];
		this.#lastSeqs = new Map();
		if (seqs.length === 1) {
			const [[clientId, { lastSeq }]] = seqs as [[string, ClientSeq]];
			await sent.send(moveLastSeq(trx, { lastSeq, now, clientId }));
		} else if (seqs.length > 1) {
			// Every client was registered earlier in this transaction: the insert always meets its row.
			const rows: Insertable<ClientsTable>[] = seqs.map(([clientId, { userId, lastSeq }]) => ({
				client_id: clientId,
				user_id: userId,
				last_seq: lastSeq,
				created_at: now,
				updated_at: now
			}));
			await sent.send(insertRows(trx, 'clients', rows, newLastSeqs), rows.length);
		}
	}
}

const moveLastSeq = preparedQuery<{ lastSeq: number; now: string; clientId: string }, unknown>(
	'move last seq',
	['lastSeq', 'now', 'clientId'],
	(db, v) => db.updateTable('clients').set({ last_seq: v.lastSeq, updated_at: v.now }).where('client_id', '=', v.clientId)
);

const newLastSeqs = replacedOnConflict<'clients'>('new last seqs', ['client_id'], ['last_seq', 'updated_at']);
