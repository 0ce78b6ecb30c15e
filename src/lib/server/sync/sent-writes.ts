/**
 * Writes a transaction sends without waiting for their answers (see `SentWrites`), apart from
 * write-transaction.ts so that what it writes at its end (transaction-tail.ts, the audit trail)
 * can send them too without importing the transaction itself.
 */
import { Breather } from '../breather';

/** Rows from which a sent statement is large enough to be worth a turn of the event loop of its own. */
const LARGE_STATEMENT_ROWS = 50;

/**
 * Writes whose answer nobody needs before the commit (a push group's multi-row inserts). Sent
 * at once, they queue on the transaction's one connection in the order sent, behind or before
 * any read, and the server prepares its next statement while the database runs this one,
 * instead of each waiting for the other (PostgreSQL: a group's writes are a third of its time).
 * `settle` waits for every one of them; the first to fail is the error, since on PostgreSQL the
 * statements after a failed one only report that the transaction is aborted.
 */
export class SentWrites {
	#sent: Promise<unknown>[] = [];

	readonly #breather = new Breather();

	/**
	 * Sends `write`, a statement of `rows` rows. A large one is given a turn of the event loop at
	 * once: the statement then leaves for the database before the next one is built (Kysely hands
	 * it to the connection only a few awaits later), and better-sqlite3's synchronous run of it
	 * does not join the work after it into one long stretch. A small one gets a turn only when the
	 * transaction has run a few milliseconds since its last (`Breather`): a turn after every write
	 * would hold the writer lock across many turns of the loop while other requests run (the
	 * capacity bench, many small pushes in shared transactions, fell to a quarter with it).
	 */
	async send(write: Promise<unknown>, rows = 1): Promise<void> {
		write.catch(() => {
			// Handled in settle(), which every transaction awaits before it commits.
		});
		this.#sent.push(write);
		if (rows >= LARGE_STATEMENT_ROWS) await this.#breather.breatheNow();
		else await this.#breather.breathe();
	}

	/**
	 * Waits until every write sent so far has been answered, leaving any error to `settle`. A read
	 * that must see them comes after this: Kysely runs a transaction's statements one at a time but
	 * not always in the order they were issued (its SingleConnectionProvider lets a statement issued
	 * a few microtasks after the running one ends go before one already waiting; shown with
	 * better-sqlite3, whose statements end within microtasks), so a read issued just after a write
	 * was sent could run first and miss it.
	 */
	async drain(): Promise<void> {
		await Promise.allSettled(this.#sent);
	}

	/** Waits for every write sent so far; throws the first one's error if any failed. */
	async settle(): Promise<void> {
		const sent = this.#sent.splice(0);
		const settled = await Promise.allSettled(sent);
		const failed = settled.find((s) => s.status === 'rejected');
		if (failed) throw failed.reason;
	}
}

/** `write` sent through `sent` in a push group (answered before its commit), else simply awaited. */
export function sendOrAwait(sent: SentWrites | undefined, write: Promise<unknown>, rows = 1): Promise<unknown> {
	return sent ? sent.send(write, rows) : write;
}
