/**
 * Every API request looks up its session; at a province's morning peak hundreds arrive together,
 * and one round trip each was about a quarter of the statements behind a push (issue 21). So the
 * lookups that arrive while one is under way wait for it and then go together, in one statement
 * (`WHERE sessions.id IN (…)`). A lookup that finds none under way is sent at once: batching
 * never adds a wait when the database is idle, and under load the wait is at most the one
 * statement before.
 *
 * Nothing is cached: every lookup is answered by a statement sent after it was asked, so a session
 * ended (signed out, expired, its account disabled) before a request arrived is never taken for a
 * live one — on this instance or any other sharing the database.
 */
import type { Kysely } from 'kysely';
import { preparedQuery } from '../db/prepared-queries';
import type { Database, UserRow } from '../db/schema';

/** A session's row with its account, as one lookup finds it. */
export type SessionWithUser = UserRow & {
	session_id: string;
	session_created_at: string;
	session_expires_at: string;
	session_last_seen_at: string;
};

/** Reads the sessions with these ids (each once) and their accounts. */
export type ReadSessions = (ids: string[]) => Promise<SessionWithUser[]>;

/** Ids per statement: well inside every database's limit on bound parameters. */
const MAX_IDS_PER_STATEMENT = 500;

interface Waiter {
	resolve: (found: SessionWithUser | undefined) => void;
	reject: (error: unknown) => void;
}

export class SessionLookups {
	/** Lookups asked for since the statement under way was sent, by session id. */
	#asked = new Map<string, Waiter[]>();
	#sending = false;
	readonly #read: ReadSessions;

	constructor(read: ReadSessions) {
		this.#read = read;
	}

	/** The session `id` with its account, or undefined when there is none. */
	find(id: string): Promise<SessionWithUser | undefined> {
		return new Promise((resolve, reject) => {
			const waiters = this.#asked.get(id);
			if (waiters) waiters.push({ resolve, reject });
			else this.#asked.set(id, [{ resolve, reject }]);
			if (!this.#sending) void this.#sendAsked();
		});
	}

	async #sendAsked(): Promise<void> {
		this.#sending = true;
		try {
			while (this.#asked.size > 0) await this.#answer(this.#takeBatch());
		} finally {
			this.#sending = false;
		}
	}

	/** The lookups asked so far, up to a statement's worth, in the order asked. */
	#takeBatch(): Map<string, Waiter[]> {
		const asked = this.#asked;
		if (asked.size <= MAX_IDS_PER_STATEMENT) {
			this.#asked = new Map();
			return asked;
		}
		const batch = new Map([...asked].slice(0, MAX_IDS_PER_STATEMENT));
		for (const id of batch.keys()) asked.delete(id);
		return batch;
	}

	async #answer(batch: Map<string, Waiter[]>): Promise<void> {
		let rows: SessionWithUser[];
		try {
			rows = await this.#read([...batch.keys()]);
		} catch (error) {
			// The database failed this statement: every request in it is told so (503), none waits on.
			for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
			return;
		}
		const byId = new Map(rows.map((row) => [row.session_id, row]));
		for (const [id, waiters] of batch) for (const w of waiters) w.resolve(byId.get(id));
	}
}

/** The lookups of each database handle (a test's own, or the server's one). */
const lookupsOf = new WeakMap<Kysely<Database>, SessionLookups>();

/** The session `id` with its account, looked up together with others asked for meanwhile. */
export function findSession(db: Kysely<Database>, id: string): Promise<SessionWithUser | undefined> {
	let lookups = lookupsOf.get(db);
	if (!lookups) lookupsOf.set(db, (lookups = new SessionLookups((ids) => readSessions(db, ids))));
	return lookups.find(id);
}

function readSessions(db: Kysely<Database>, ids: string[]): Promise<SessionWithUser[]> {
	if (ids.length === 1) return oneSession(db, { id: ids[0]! });
	return withUsers(db).where('sessions.id', 'in', ids).execute();
}

function withUsers(db: Kysely<Database>) {
	return db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.selectAll('users')
		.select([
			'sessions.id as session_id',
			'sessions.created_at as session_created_at',
			'sessions.expires_at as session_expires_at',
			'sessions.last_seen_at as session_last_seen_at'
		]);
}

/** A lookup alone, the usual case when the server is not busy: compiled once (db/prepared-queries.ts). */
const oneSession = preparedQuery('session with its user', ['id'], (db, v: { id: string }) => withUsers(db).where('sessions.id', '=', v.id));
