/** A fresh device database per test (node + fake-indexeddb), shared by the Dexie-layer tests. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach } from 'vitest';
import { AppDb } from './app-db';

/**
 * Opens a new, empty database named `<prefix>-<n>` before each test and deletes it after;
 * `use` receives it so the test file can keep a plain `db` variable.
 */
export function freshDbPerTest(prefix: string, use: (db: AppDb) => void): void {
	let n = 0;
	let db: AppDb | undefined;
	beforeEach(async () => {
		db = new AppDb(`${prefix}-${++n}`);
		await db.open();
		use(db);
	});
	afterEach(async () => {
		await db?.delete();
	});
}
