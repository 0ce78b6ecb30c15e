/**
 * Limits shared by every app instance (issue 21, must-show 4): with several instances behind one
 * database, a counter kept in one process's memory would let a client multiply its allowance by
 * the number of instances a round-robin proxy spreads it over.
 *
 * - `rate_counters`: one row per limited key — sign-in failures per account, address and pair,
 *   the addresses an account signed in from, the last audited refusal (lib/server/auth/rate-limit.ts),
 *   citizens' answers per client and per feedback point (lib/server/feedback-points/answer-limits.ts).
 *   `hits` and `marked_at` mean what the limiter says (failures and the last one; answers and the
 *   window's start); `expires_at` is when the row stops counting, indexed so stale rows are
 *   swept cheaply. Times are epoch milliseconds.
 * - `daily_keys`: the day's random key that turns a citizen's address into the client key
 *   above, the same on every instance; earlier days' keys are deleted when a new day's is drawn.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const sharedLimits: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createTable('rate_counters')
			.addColumn('scope', 'text', (c) => c.notNull())
			.addColumn('key', 'text', (c) => c.notNull())
			.addColumn('hits', 'integer', (c) => c.notNull())
			.addColumn('marked_at', 'bigint', (c) => c.notNull())
			.addColumn('expires_at', 'bigint', (c) => c.notNull())
			.addPrimaryKeyConstraint('rate_counters_pk', ['scope', 'key'])
			.execute();
		await db.schema.createIndex('rate_counters_expiry').on('rate_counters').column('expires_at').execute();

		await db.schema
			.createTable('daily_keys')
			.addColumn('day', 'integer', (c) => c.primaryKey())
			.addColumn('key', 'text', (c) => c.notNull())
			.execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropTable('daily_keys').execute();
		await db.schema.dropTable('rate_counters').execute();
	}
};
