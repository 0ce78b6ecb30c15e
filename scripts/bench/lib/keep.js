/**
 * `--keep`: the national case's databases stay on disk so the plans of its queries can be
 * inspected. While it runs, every timed query is run once more through a Kysely plugin that
 * records the SQL it sends; the statements are written, parameters inlined, as a file of
 * EXPLAIN statements beside the database, and the commands that open each database are printed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A Kysely instance like `db` that also pushes every compiled query ({ sql, parameters }) into `into`. */
export function recordingDb(db, into) {
	const executor = db.getExecutor();
	return db.withPlugin({
		transformQuery({ node, queryId }) {
			into.push(executor.compileQuery(node, queryId));
			return node;
		},
		async transformResult({ result }) {
			return result;
		}
	});
}

function literal(value, dialect) {
	if (value === null || value === undefined) return 'NULL';
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	if (typeof value === 'boolean') return dialect === 'postgres' ? String(value).toUpperCase() : value ? '1' : '0';
	if (Array.isArray(value)) return `ARRAY[${value.map((v) => literal(v, dialect)).join(', ')}]`;
	const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
	return `'${text.replace(/'/g, "''")}'`;
}

/** The statement with its parameters written in, ready to paste after EXPLAIN. */
export function inlineParameters({ sql, parameters }, dialect) {
	if (dialect === 'postgres') return sql.replace(/\$(\d+)/g, (_, n) => literal(parameters[Number(n) - 1], dialect));
	let i = 0;
	return sql.replace(/\?/g, () => literal(parameters[i++], dialect));
}

/** Writes one EXPLAIN per recorded query, under a comment naming the figure it belongs to. */
export function writeExplainFile(path, dialect, recorded) {
	const explain = dialect === 'postgres' ? 'EXPLAIN (ANALYZE, BUFFERS)' : 'EXPLAIN QUERY PLAN';
	const lines = [
		`-- The national case's timed queries on ${dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}, as the app sent them (parameters written in).`
	];
	if (dialect === 'sqlite') lines.push('.echo on');
	for (const { label, queries } of recorded) {
		lines.push('', `-- ${label}`);
		for (const q of queries) if (/^\s*(select|with)\b/i.test(q.sql)) lines.push(`${explain} ${inlineParameters(q, dialect)};`);
	}
	writeFileSync(path, lines.join('\n') + '\n');
}

const quote = (arg) => (/^[\w./:=@-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);

/** The lines printed (and put in the report) for what --keep kept: where, and the commands that open it. */
export function keptInstructions({ sqlite, postgres, database }) {
	const lines = [];
	if (sqlite) {
		lines.push(`SQLite national database: ${sqlite.file}`);
		lines.push(`  open it:       sqlite3 ${quote(sqlite.file)}`);
		lines.push(`  plans:         sqlite3 ${quote(sqlite.file)} < ${quote(sqlite.explainFile)}`);
		lines.push(`  one query:     sqlite3 ${quote(sqlite.file)} "EXPLAIN QUERY PLAN SELECT …"`);
	}
	if (postgres) {
		const w = postgres.where;
		const as = w.runAs ? `runuser -u ${w.runAs} -- ` : '';
		const pgCtl = join(w.bin, 'pg_ctl');
		lines.push(`PostgreSQL cluster (stopped), data directory: ${w.data}`);
		lines.push(`  start it:      ${as}${pgCtl} -D ${quote(w.data)} -l ${quote(join(w.dir, 'server.log'))} -w -o ${quote(w.options)} start`);
		lines.push(`  connect:       psql -h 127.0.0.1 -p ${w.port} -U postgres ${database}`);
		if (postgres.explainFile)
			lines.push(`  plans:         psql -h 127.0.0.1 -p ${w.port} -U postgres -e -f ${quote(postgres.explainFile)} ${database}`);
		lines.push(`  one query:     EXPLAIN (ANALYZE, BUFFERS) SELECT …;  (in psql)`);
		lines.push(`  stop it:       ${as}${pgCtl} -D ${quote(w.data)} -w stop`);
		lines.push(`  remove it:     rm -rf ${quote(w.dir)}`);
	}
	return lines;
}
