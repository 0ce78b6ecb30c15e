/**
 * PostgreSQL prepared statements for the queries the server repeats.
 *
 * Kysely hands pg each query as text, which pg sends unnamed: PostgreSQL parses and analyses
 * it anew every time. A push repeats the same few dozen texts, so under the capacity load about
 * a third of PostgreSQL's CPU went to parsing them again. Here a text with parameters that a
 * connection has seen before is sent as a named statement instead: each connection parses it
 * once and then only binds and runs it.
 *
 * Bounded: texts are named only from their second use (lists of varying length, such as
 * `in ($1, …, $n)`, mostly stay unnamed), at most MAX_NAMED of them per process, and each
 * connection prepares only those it runs.
 *
 * A schema change made by another process (a migration run by a newer instance) makes
 * PostgreSQL refuse a prepared `select *` whose columns changed ("cached plan must not change
 * result type"): that query fails once, and every statement is named afresh from then on.
 */
import type pg from 'pg';

/** Distinct texts named per process; the server's hot texts are a few dozen. */
export const MAX_NAMED = 500;
/** Texts whose uses are counted before the count starts over. */
const MAX_COUNTED = 5000;

const STALE_PLAN = '0A000';

export class StatementNames {
	readonly #uses = new Map<string, number>();
	readonly #names = new Map<string, string>();
	#generation = 0;

	/** The name to prepare `text` under, or null to send it unnamed. */
	nameFor(text: string, parameterCount: number): string | null {
		if (parameterCount === 0) return null;
		const named = this.#names.get(text);
		if (named) return named;
		const uses = (this.#uses.get(text) ?? 0) + 1;
		if (uses < 2 || this.#names.size >= MAX_NAMED) {
			if (this.#uses.size >= MAX_COUNTED) this.#uses.clear();
			this.#uses.set(text, uses);
			return null;
		}
		this.#uses.delete(text);
		const name = `k${this.#generation}_${this.#names.size}`;
		this.#names.set(text, name);
		return name;
	}

	/** After a schema change: new names, so every connection prepares each text again. */
	forgetAll(): void {
		this.#names.clear();
		this.#generation++;
	}

	get size(): number {
		return this.#names.size;
	}
}

type Query = (...args: unknown[]) => unknown;

/**
 * Makes `client` send repeated texts as named statements. Only `query(text, values)` calls are
 * changed (what Kysely makes); anything else — a cursor, a config object — goes through as it is.
 */
export function nameRepeatedStatements(client: pg.PoolClient, names: StatementNames): void {
	const query = client.query.bind(client) as Query;
	const named = (text: string, values: unknown[], name: string) =>
		(query({ name, text, values }) as Promise<unknown>).catch((error: unknown) => {
			if ((error as { code?: unknown }).code === STALE_PLAN) names.forgetAll();
			throw error;
		});
	(client as unknown as { query: Query }).query = (...args: unknown[]) => {
		const [text, values] = args;
		if (args.length !== 2 || typeof text !== 'string' || !Array.isArray(values)) return query(...args);
		const name = names.nameFor(text, values.length);
		return name ? named(text, values, name) : query(text, values);
	};
}
