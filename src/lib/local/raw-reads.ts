/**
 * The first paint's reads straight from IndexedDB, before Dexie has loaded (device-reads.ts): the
 * same database Dexie keeps, opened without a version, read only, never written or changed.
 *
 * - No database yet (a fresh browser profile, a user's first start): opening without a version
 *   would create an empty one at version 1, which Dexie would then have to upgrade from a state
 *   it did not make. The creation is aborted instead — nothing is left behind — and every read
 *   answers as an empty database does, so Dexie later creates the database as it always has.
 * - A store or index missing (the app was updated and Dexie has not upgraded the database yet):
 *   the read fails; `Live` then waits for Dexie, which upgrades first.
 * - Another connection asks to upgrade (Dexie here or in another tab): this one closes at once,
 *   so it never blocks the upgrade; the next read opens the database again.
 */
import type { IndexableType } from 'dexie';
import type { DeviceReads, IndexReads, OrderedReads, TableReads } from './device-reads';

const done = <T>(request: IDBRequest<T>): Promise<T> =>
	new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
	});

/** The database as it is, or null when there is none (its creation was aborted). */
function openExisting(name: string): Promise<IDBDatabase | null> {
	return new Promise((resolve, reject) => {
		let missing = false;
		const request = indexedDB.open(name);
		request.onupgradeneeded = () => {
			missing = true;
			request.transaction?.abort();
		};
		request.onsuccess = () => resolve(request.result);
		request.onerror = (event) => {
			event.preventDefault();
			if (missing) resolve(null);
			else reject(request.error ?? new Error(`${name}: could not open`));
		};
		request.onblocked = () => reject(new Error(`${name}: blocked`));
	});
}

/** Ascending by one field, as Dexie's `sortBy` compares. */
function sortedBy<Row>(rows: Row[], field: string): Row[] {
	const value = (row: Row) => (row as Record<string, unknown>)[field] as string | number;
	return rows.sort((a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0));
}

export interface RawReads {
	reads: DeviceReads;
	/** Closes the connection (Dexie has taken over): later reads would open it again. */
	close(): void;
}

export function rawReads(name: string): RawReads {
	let opening: Promise<IDBDatabase | null> | null = null;

	const connection = () => {
		opening ??= openExisting(name).then(
			(db) => {
				if (!db)
					opening = null; // asked again next time: Dexie may have created it since
				else
					db.onversionchange = () => {
						db.close();
						opening = null;
					};
				return db;
			},
			(error: unknown) => {
				opening = null;
				throw error;
			}
		);
		return opening;
	};

	/** One read of one store; `empty` is the answer of a database that does not exist yet. */
	async function read<T>(table: string, empty: T, run: (store: IDBObjectStore) => IDBRequest): Promise<T> {
		const db = await connection();
		if (!db) return empty;
		return (await done(run(db.transaction(table, 'readonly').objectStore(table)))) as T;
	}

	function table<Row, Key>(name: string): TableReads<Row, Key> {
		const byIndex = (index: string, value: IndexableType): IndexReads<Row> => {
			const key = value as IDBValidKey;
			const rows = () => read<Row[]>(name, [], (s) => s.index(index).getAll(key));
			return {
				toArray: rows,
				count: () => read(name, 0, (s) => s.index(index).count(key)),
				sortBy: async (f) => sortedBy(await rows(), f)
			};
		};
		const ordered = (index: string): OrderedReads<Row> => {
			const rows = () => read<Row[]>(name, [], (s) => s.index(index).getAll());
			return { toArray: rows, reverse: () => ({ toArray: async () => (await rows()).reverse() }) };
		};
		return {
			get: (key) => read<Row | undefined>(name, undefined, (s) => s.get(key as IDBValidKey)),
			toArray: () => read<Row[]>(name, [], (s) => s.getAll()),
			where: (index) => ({ equals: (value) => byIndex(index, value) }),
			orderBy: ordered
		};
	}

	// Any table of the database by its name: the stores are Dexie's (app-db.ts), under the same names.
	const reads = new Proxy({} as DeviceReads, { get: (_target, store) => (typeof store === 'string' ? table(store) : undefined) });
	return {
		reads,
		close() {
			const current = opening;
			opening = null;
			void current?.then((db) => db?.close()).catch(() => {});
		}
	};
}
