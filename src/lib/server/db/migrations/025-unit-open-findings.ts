/**
 * Open findings per commune for the national roll-up (issue 18, must-show 7; docs/reports.md
 * "Open findings per commune"): how many findings of a commune's reported official records still
 * wait for a fix (open or reopened), and the earliest of their deadlines. The roll-up per
 * province reads these ~3,300 rows instead of joining every finding of the country with its
 * record. Kept by the sync handlers in the transaction of every event that changes a record or a
 * finding (reports/open-findings.ts, called from summarizeRecords); filled here once from the
 * source rows, so an upgraded database needs no lazy backfill. The index on findings' deadline
 * lets the roll-up subtract the few findings not yet due without a national scan.
 */
import type { Kysely, Migration } from 'kysely';
import type { Database } from '../schema';
import { recountOpenFindings } from '../../reports/open-findings';
import type { AnyDb } from './any-db';

export const unitOpenFindings: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createTable('unit_open_findings')
			.addColumn('unit_code', 'integer', (c) => c.primaryKey())
			.addColumn('province_code', 'integer', (c) => c.notNull())
			.addColumn('open_findings', 'integer', (c) => c.notNull())
			.addColumn('oldest_deadline', 'text', (c) => c.notNull())
			.execute();
		await db.schema.createIndex('unit_open_findings_province').on('unit_open_findings').columns(['province_code']).execute();
		await db.schema.createIndex('findings_deadline_status').on('findings').columns(['deadline', 'status', 'inspection_id']).execute();
		// The count of this release, as every later one keeps it (the tables it reads are older than 025).
		await recountOpenFindings(db as Kysely<Database>);
	},

	async down(db: AnyDb) {
		await db.schema.dropIndex('findings_deadline_status').execute();
		await db.schema.dropTable('unit_open_findings').execute();
	}
};
