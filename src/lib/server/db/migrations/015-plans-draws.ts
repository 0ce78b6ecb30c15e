/**
 * Plans and their verifiable draws (issue 16, docs/draw.md). A plan is kept as its JSON
 * document with the columns that scope it; a draw keeps its seed hash from the commit, and the
 * seed and everything revealed (candidates, rule, selection) from its execution. Both are
 * secret from wards: no table here enters the change log, so nothing reaches a pull.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const plansDraws: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createTable('plans')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('province_code', 'integer', (c) => c.notNull())
			.addColumn('created_by', 'text', (c) => c.notNull())
			.addColumn('created_at', 'text', (c) => c.notNull())
			.addColumn('data', 'text', (c) => c.notNull())
			.execute();
		await db.schema.createIndex('plans_province').on('plans').columns(['province_code', 'created_at']).execute();
		await db.schema
			.createTable('plan_draws')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
			.addColumn('seed_hash', 'text', (c) => c.notNull())
			// Secret until execution: the answer leaves it out while executed_at is null.
			.addColumn('seed', 'text', (c) => c.notNull())
			// The supervisor's rule (sample size, exclusion window, hand picks), fixed with the hash.
			.addColumn('request', 'text', (c) => c.notNull())
			.addColumn('committed_by', 'text', (c) => c.notNull())
			.addColumn('committed_at', 'text', (c) => c.notNull())
			.addColumn('executed_at', 'text')
			.addColumn('result', 'text')
			.execute();
		await db.schema.createIndex('plan_draws_plan').on('plan_draws').column('plan_id').execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropTable('plan_draws').execute();
		await db.schema.dropTable('plans').execute();
	}
};
