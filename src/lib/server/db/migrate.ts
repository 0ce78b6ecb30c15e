/**
 * Applies the schema. Runs at start (see instance.ts) and in tests; safe to run from several
 * processes at once because Kysely's migrator takes its own lock first.
 */
import { Migrator, type Kysely } from 'kysely';
import { migrations } from './migrations';
import type { Database } from './schema';

function migrator(db: Kysely<Database>): Migrator {
	return new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
}

/** Brings the database to the newest schema; returns the schema version (applied migrations). */
export async function migrateToLatest(db: Kysely<Database>): Promise<number> {
	const { error, results } = await migrator(db).migrateToLatest();
	if (error) {
		const failed = results?.find((r) => r.status === 'Error')?.migrationName;
		// No failed migration means the database could not even be asked (down, locked): pass
		// that error on as it is, so it is recognised as transient.
		// eslint-disable-next-line @typescript-eslint/only-throw-error -- Kysely's error is rethrown unchanged, whatever it is
		if (!failed) throw error;
		throw new Error(`Migration ${failed} failed`, { cause: error });
	}
	return schemaVersion(db);
}

/** How many migrations have been applied to this database. */
export async function schemaVersion(db: Kysely<Database>): Promise<number> {
	const all = await migrator(db).getMigrations();
	return all.filter((m) => m.executedAt !== undefined).length;
}

/** How many migrations this build knows; equal to schemaVersion once migrated. */
export const latestSchemaVersion = Object.keys(migrations).length;
