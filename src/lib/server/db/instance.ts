/**
 * The one database the running server uses, opened and migrated on first use.
 *
 * One per process matters for SQLite: better-sqlite3 is synchronous, so a second connection
 * in the same process waiting on the first one's write lock would block the very event loop
 * the first one needs to finish.
 */
import { migrateToLatest } from './migrate';
import { openDatabase, type AppDatabase } from './open-database';

export interface ServerDatabase extends AppDatabase {
	schemaVersion: number;
}

let current: Promise<ServerDatabase> | null = null;

async function start(): Promise<ServerDatabase> {
	const opened = openDatabase();
	try {
		const schemaVersion = await migrateToLatest(opened.db);
		return { ...opened, schemaVersion };
	} catch (error) {
		await opened.close().catch(() => {});
		throw error;
	}
}

let closesOnShutdown = false;

/** The process-wide database; a failed start (database down) is retried on the next call. */
export function getDatabase(): Promise<ServerDatabase> {
	if (!current) {
		const starting = start();
		current = starting;
		starting.catch(() => {
			if (current === starting) current = null;
		});
		if (!closesOnShutdown) {
			closesOnShutdown = true;
			// adapter-node emits this after it stopped taking requests: checkpoint SQLite's WAL
			// and hand PostgreSQL connections back cleanly.
			process.once('sveltekit:shutdown', () => void closeDatabase());
		}
	}
	return current;
}

/** Closes the process-wide database (tests, shutdown); the next getDatabase() reopens it. */
export async function closeDatabase(): Promise<void> {
	const closing = current;
	current = null;
	if (closing) await (await closing.catch(() => null))?.close();
}
