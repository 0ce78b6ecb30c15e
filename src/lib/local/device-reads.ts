/**
 * The reads a page's first paint makes, as a small part of Dexie's own table API: the queries
 * written against it (inspection-queries.ts and the like) run on Dexie itself — an `AppDb` is
 * one, with no wrapper, so `liveQuery` still sees what they read — and, before Dexie has loaded,
 * on IndexedDB directly (raw-reads.ts). Dexie is a third of an inspector page's first load; with
 * this the page shows its content first and loads Dexie after (issue 20: first load ≤ 100 KB,
 * offline cold start ≤ 1 s).
 */
import type { IndexableType, Table } from 'dexie';
import type { AppDb } from './app-db';

/** Rows of one index value. */
export interface IndexReads<Row> {
	toArray(): Promise<Row[]>;
	count(): Promise<number>;
	/** Ascending by a field of the row (as Dexie's `sortBy`). */
	sortBy(field: string): Promise<Row[]>;
}

/** Rows in the order of an index. */
export interface OrderedReads<Row> {
	toArray(): Promise<Row[]>;
	reverse(): { toArray(): Promise<Row[]> };
}

export interface TableReads<Row, Key> {
	get(key: Key): Promise<Row | undefined>;
	toArray(): Promise<Row[]>;
	where(index: string): { equals(value: IndexableType): IndexReads<Row> };
	orderBy(index: string): OrderedReads<Row>;
}

type TableNames = { [K in keyof AppDb]: AppDb[K] extends Table ? K : never }[keyof AppDb];

/** Every table of the device database, read only (how rows are inserted does not matter to a read). */
export type DeviceReads = {
	readonly [K in TableNames]: AppDb[K] extends Table<infer Row, infer Key, infer _Insert> ? TableReads<Row, Key> : never;
};
