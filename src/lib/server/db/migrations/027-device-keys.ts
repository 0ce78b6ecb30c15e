/**
 * Device keys and relayed parts (issue 17, must-show 3: a member's part by QR code).
 *
 * - `device_keys`: the public half of each member's per-device signing key (ECDSA P-256, JWK),
 *   registered while online; the trưởng đoàn's phone holds its team's keys before the visit and
 *   the server checks a relayed part's signature against the same row. `key_id` is the key's
 *   RFC 7638 thumbprint, so one key has one row. A revoked key (`revoked_at`) signs nothing new.
 * - `relayed_mutations`: the member's mutations applied from a part the trưởng đoàn relayed,
 *   with their result, keyed by the member's own mutationId. When the member's phone later pushes
 *   the same mutation, the push answers this result, consumes its seq and writes the usual
 *   receipt (apply-push.ts) instead of applying it a second time.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const deviceKeys: Migration = {
	async up(db: AnyDb) {
		await db.schema
			.createTable('device_keys')
			.addColumn('key_id', 'text', (c) => c.primaryKey())
			.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
			.addColumn('public_jwk', 'text', (c) => c.notNull())
			.addColumn('created_at', 'text', (c) => c.notNull())
			.addColumn('revoked_at', 'text')
			.execute();
		await db.schema.createIndex('device_keys_user').on('device_keys').columns(['user_id']).execute();
		await db.schema
			.createTable('relayed_mutations')
			.addColumn('mutation_id', 'text', (c) => c.primaryKey())
			.addColumn('user_id', 'text', (c) => c.notNull())
			.addColumn('inspection_id', 'text', (c) => c.notNull())
			.addColumn('name', 'text', (c) => c.notNull())
			/** The inner mutation's outcome as JSON (status and, unless applied, the problem). */
			.addColumn('outcome', 'text', (c) => c.notNull())
			/** The relayPart mutation that carried it. */
			.addColumn('relay_mutation_id', 'text', (c) => c.notNull())
			.addColumn('applied_at', 'text', (c) => c.notNull())
			.execute();
	},

	async down(db: AnyDb) {
		await db.schema.dropTable('relayed_mutations').execute();
		await db.schema.dropIndex('device_keys_user').execute();
		await db.schema.dropTable('device_keys').execute();
	}
};
