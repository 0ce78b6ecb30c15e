/**
 * Signatures bind content (issue 13): each signature keeps the fingerprint of the content it was
 * given for, and a refusal to sign keeps its witness. Nullable: signatures made before have none.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const signatureBinding: Migration = {
	async up(db: AnyDb) {
		await db.schema.alterTable('signatures').addColumn('content_fingerprint', 'text').execute();
		await db.schema.alterTable('signatures').addColumn('witness_name', 'text').execute();
		await db.schema.alterTable('signatures').addColumn('witness_position', 'text').execute();
	},

	async down(db: AnyDb) {
		await db.schema.alterTable('signatures').dropColumn('witness_position').execute();
		await db.schema.alterTable('signatures').dropColumn('witness_name').execute();
		await db.schema.alterTable('signatures').dropColumn('content_fingerprint').execute();
	}
};
