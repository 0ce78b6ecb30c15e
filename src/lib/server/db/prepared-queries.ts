/**
 * Queries of the push path compiled once and run again with new values.
 *
 * Kysely builds a tree of frozen nodes for every query and compiles it to SQL on every call; a
 * push runs about twenty queries of a handful of shapes, and building and compiling them was
 * about a fifth of a SQLite server's CPU under the capacity load (issue 21, a `node --cpu-prof`
 * profile of the built server). Here a query is built by the same Kysely code, once per
 * database dialect (and, for inserts, per row count), with a marker in place of each value;
 * compiling it gives the SQL text and the parameters, where each marker shows which value goes
 * where. Later calls only put the values in and run the SQL, on whatever Kysely instance or
 * transaction they are given.
 *
 * Safe by construction: the SQL is Kysely's own, every value still goes as a bound parameter
 * (never into the text), and a template whose markers Kysely did not turn into parameters —
 * one that would bake a value into its SQL — is refused when it is first built.
 */
import type { Compilable, CompiledQuery, Insertable, InsertQueryBuilder, InsertResult, Kysely, Selectable } from 'kysely';
import type { Database } from './schema';

type AnyKysely = Kysely<Database>;

/** A value no caller ever passes: the NUL character cannot be stored in PostgreSQL text. */
const marker = (name: string) => `\u0000prepared:${name}`;

interface Template {
	compiled: CompiledQuery;
	/** For each parameter, the value's name, or null for a constant Kysely put there itself. */
	slots: (string | null)[];
}

/**
 * One template per dialect: the adapter is made once per Kysely instance and shared by its
 * transactions, and its class tells SQLite's compiled text from PostgreSQL's.
 */
const templates = new WeakMap<object, Map<string, Template>>();

function ofFamily<T>(store: WeakMap<object, Map<string, T>>, db: AnyKysely): Map<string, T> {
	const executor = db.getExecutor();
	// A plugin rewrites queries as they compile: no template is shared with or kept for it.
	if (executor.plugins.length > 0) return new Map<string, T>();
	const family = executor.adapter.constructor;
	let byKey = store.get(family);
	if (!byKey) store.set(family, (byKey = new Map<string, T>()));
	return byKey;
}

const templatesOf = (db: AnyKysely) => ofFamily(templates, db);

function makeTemplate(key: string, names: readonly string[], query: Compilable): Template {
	const compiled = query.compile();
	const byMarker = new Map(names.map((name) => [marker(name), name]));
	const slots = compiled.parameters.map((p) => (typeof p === 'string' ? (byMarker.get(p) ?? null) : null));
	const placed = new Set(slots);
	const missing = names.filter((name) => !placed.has(name));
	if (missing.length > 0 || compiled.sql.includes('\u0000'))
		throw new Error(`prepared query ${key}: ${missing.join(', ')} not bound as parameters`);
	return { compiled, slots };
}

async function run<R>(db: AnyKysely, template: Template, values: Record<string, unknown>): Promise<R[]> {
	const parameters = template.slots.map((slot, i) => (slot === null ? template.compiled.parameters[i] : values[slot]));
	const compiled: CompiledQuery<R> = { ...(template.compiled as CompiledQuery<R>), parameters };
	const result = await db.executeQuery<R>(compiled);
	return result.rows;
}

/**
 * A query built by `build` from named values; `names` lists them. Returns a function that runs
 * it with the given values on `db` (a Kysely instance or a transaction) and answers its rows.
 */
export function preparedQuery<V extends Record<string, unknown>, R>(
	key: string,
	names: readonly (keyof V & string)[],
	build: (db: AnyKysely, values: V) => Compilable<R>
): (db: AnyKysely, values: V) => Promise<R[]> {
	return async (db, values) => {
		const byKey = templatesOf(db);
		let template = byKey.get(key);
		if (!template) {
			const markers = Object.fromEntries(names.map((name) => [name, marker(name)])) as unknown as V;
			byKey.set(key, (template = makeTemplate(key, names, build(db, markers))));
		}
		return run<R>(db, template, values);
	};
}

/** What an INSERT does when a row's key is taken (`onConflict`), named for the template's key. */
export interface OnConflict<T extends keyof Database> {
	name: string;
	apply: (insert: InsertQueryBuilder<Database, T, InsertResult>) => Compilable<unknown>;
}

/**
 * The usual upsert: a row whose `key` columns exist already takes the new row's `replaced`
 * columns (`excluded.<column>`, the same on SQLite and PostgreSQL).
 */
export function replacedOnConflict<T extends keyof Database>(
	name: string,
	key: readonly (keyof Database[T] & string)[],
	replaced: readonly (keyof Database[T] & string)[]
): OnConflict<T> {
	return {
		name,
		apply: (insert) =>
			insert.onConflict((oc) =>
				oc
					.columns(key)
					.doUpdateSet((eb) => Object.fromEntries(replaced.map((column) => [column, eb.ref(`excluded.${column}` as never)])) as never)
			)
	};
}

/**
 * An INSERT that leaves a row whose `key` columns exist already as it is (and does not count it
 * as written): the existence check and the insert in one statement.
 */
export function keptOnConflict<T extends keyof Database>(name: string, key: readonly (keyof Database[T] & string)[]): OnConflict<T> {
	return { name, apply: (insert) => insert.onConflict((oc) => oc.columns(key).doNothing()) };
}

/**
 * A multi-row INSERT of `rows` into `table`, every row with the same columns (the first row's,
 * in its order), with `conflict` added when given. One template per table, columns, row count
 * and conflict clause. Returns how many rows the database wrote (fewer than given only when
 * `conflict` keeps existing rows).
 */
export async function insertRows<T extends keyof Database>(
	db: AnyKysely,
	table: T,
	rows: readonly Insertable<Database[T]>[],
	conflict?: OnConflict<T>
): Promise<number> {
	if (rows.length === 0) return 0;
	return rowsWritten(await db.executeQuery(insertQuery(db, table, rows, conflict, false)));
}

/**
 * `insertRows` answered with the rows written as the database stored them (`RETURNING *`: its
 * defaults filled in), so that a caller who needs the row next need not read it back.
 */
export async function insertedRows<T extends keyof Database>(
	db: AnyKysely,
	table: T,
	rows: readonly Insertable<Database[T]>[],
	conflict?: OnConflict<T>
): Promise<Selectable<Database[T]>[]> {
	if (rows.length === 0) return [];
	return (await db.executeQuery<Selectable<Database[T]>>(insertQuery(db, table, rows, conflict, true))).rows;
}

function insertQuery<T extends keyof Database>(
	db: AnyKysely,
	table: T,
	rows: readonly Insertable<Database[T]>[],
	conflict: OnConflict<T> | undefined,
	returning: boolean
): CompiledQuery {
	const insert = (values: readonly Insertable<Database[T]>[]) => {
		const query = db.insertInto(table).values(values);
		// The clause's place in the SQL is Kysely's to choose (after ON CONFLICT), whatever the order here.
		const answered = (returning ? query.returningAll() : query) as unknown as InsertQueryBuilder<Database, T, InsertResult>;
		return conflict ? conflict.apply(answered) : answered;
	};
	const columns = Object.keys(rows[0]!);
	// Kysely leaves a column out of a row whose value is undefined: such rows take its own way.
	if (rows.some((row) => Object.values(row).includes(undefined))) return insert(rows).compile();
	const key = `insert ${table} (${columns.join(',')}) × ${rows.length}${conflict ? ` ${conflict.name}` : ''}${returning ? ' returning' : ''}`;
	const byKey = insertTemplatesOf(db);
	let template = byKey.get(key);
	if (!template) {
		const names = rows.flatMap((_, i) => columns.map((c) => `${i}.${c}`));
		const markerRows = rows.map((_, i) => Object.fromEntries(columns.map((c) => [c, marker(`${i}.${c}`)])));
		const made = makeTemplate(key, names, insert(markerRows as unknown as Insertable<Database[T]>[]));
		// Each parameter's row and column, so that a call reads its values straight from the rows.
		const cells = made.slots.map((slot) =>
			slot === null ? null : { row: Number(slot.split('.')[0]), column: slot.slice(slot.indexOf('.') + 1) }
		);
		byKey.set(key, (template = { ...made, cells }));
	}
	for (const [i, row] of rows.entries()) {
		const cells = row as Record<string, unknown>;
		if (Object.keys(cells).length !== columns.length) throw new Error(`insertRows ${table}: rows with different columns`);
		for (const c of columns) if (!(c in cells)) throw new Error(`insertRows ${table}: row ${i} has no ${c}`);
	}
	const { compiled } = template;
	const parameters = template.cells.map((cell, i) =>
		cell === null ? compiled.parameters[i] : (rows[cell.row] as Record<string, unknown>)[cell.column]
	);
	return { ...compiled, parameters };
}

const rowsWritten = (result: { numAffectedRows?: bigint }) => Number(result.numAffectedRows ?? 0n);

interface InsertTemplate extends Template {
	cells: ({ row: number; column: string } | null)[];
}

const insertTemplates = new WeakMap<object, Map<string, InsertTemplate>>();

const insertTemplatesOf = (db: AnyKysely) => ofFamily(insertTemplates, db);

/**
 * A query over lists of values (`in (…)`), built by `build` from the lists: one template per
 * dialect and list lengths. Returns a function that runs it for `lists` on `db`.
 */
export function preparedListsQuery<R>(
	key: string,
	build: (db: AnyKysely, lists: string[][]) => Compilable<R>
): (db: AnyKysely, lists: readonly (readonly unknown[])[]) => Promise<R[]> {
	return async (db, lists) => {
		const sized = `${key} × ${lists.map((list) => list.length).join(' × ')}`;
		const byKey = templatesOf(db);
		let template = byKey.get(sized);
		if (!template) {
			const names = lists.map((list, l) => list.map((_, i) => `${l}.${i}`));
			const markers = names.map((list) => list.map(marker));
			byKey.set(sized, (template = makeTemplate(sized, names.flat(), build(db, markers))));
		}
		const values: Record<string, unknown> = {};
		lists.forEach((list, l) => list.forEach((value, i) => (values[`${l}.${i}`] = value)));
		return run<R>(db, template, values);
	};
}

/** `preparedListsQuery` over one list. */
export function preparedListQuery<R>(
	key: string,
	build: (db: AnyKysely, list: string[]) => Compilable<R>
): (db: AnyKysely, list: readonly unknown[]) => Promise<R[]> {
	const query = preparedListsQuery(key, (db, [list]) => build(db, list!));
	return (db, list) => query(db, [list]);
}
