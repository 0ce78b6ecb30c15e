/**
 * The previous run's figure for each row of the table. Every run writes its figures beside its
 * report (BENCHMARKS.json beside BENCHMARKS.md, .bench/BENCHMARKS.partial.json beside a partial
 * report); the next run looks each row up by section and label in those files and, for runs
 * made before the JSON existed, in BENCHMARKS.md's own table — taking the most recent figure of
 * the row. Quick runs (`--quick`, tiny sizes) are compared only with quick runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, scratchRoot } from './paths.js';

/** Where a report's figures go: beside it, `.md` replaced by `.json`. */
export function figuresPathOf(reportPath) {
	return reportPath.replace(/\.md$/, '') + '.json';
}

const rowKey = (key, label, quick) => `${quick ? 'quick|' : ''}${key}|${label}`;

/**
 * Writes this run's figures beside its report. Each row carries its own run (date, commit,
 * command, quick), and the rows of the file it replaces that this run did not measure (another
 * case of a partial run, the 1,000×80 rows of an earlier `--full`, a quick run's) are carried
 * over with theirs, so the next run finds the latest figure of every row.
 */
export function writeFigures(reportPath, { date, command, commit, quick, load, sections }) {
	const run = { date, commit, command, quick: Boolean(quick) };
	const rows = sections.flatMap((s) =>
		s.rows.map((r) => ({ key: s.key, label: r.label, value: r.value, target: r.target ?? '', verdict: r.verdict ?? '', ...run }))
	);
	const path = figuresPathOf(reportPath);
	const measured = new Set(rows.map((r) => rowKey(r.key, r.label, r.quick)));
	const earlier = readJsonRun(path)?.rows ?? [];
	const carried = earlier.filter((r) => r.date && !measured.has(rowKey(r.key, r.label, r.quick)));
	const failed = sections.filter((s) => s.error).map((s) => ({ key: s.key, title: s.title, error: s.error }));
	writeFileSync(path, JSON.stringify({ ...run, load, rows: [...rows, ...carried], failed }, null, '\t') + '\n');
	return path;
}

function readJsonRun(path) {
	if (!existsSync(path)) return null;
	try {
		const run = JSON.parse(readFileSync(path, 'utf8'));
		return { ...run, source: path };
	} catch {
		return null;
	}
}

/** Splits a Markdown table line on the pipes that are not escaped. */
function cells(line) {
	return line
		.slice(1, -1)
		.split(/(?<!\\)\|/)
		.map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** The rows of a report written before the figures had a JSON file: its Results table. */
function readMarkdownRun(path) {
	if (!existsSync(path)) return null;
	const text = readFileSync(path, 'utf8');
	const field = (name) => text.match(new RegExp(`^\\| ${name} \\| (.*) \\|$`, 'm'))?.[1] ?? '';
	const results = text.split('\n## Results')[1]?.split('\n## ')[0] ?? '';
	const rows = [];
	for (const line of results.split('\n')) {
		if (!/^\| \d+ \|/.test(line)) continue;
		const [key, label, value, target, verdict] = cells(line);
		if (value.startsWith('failed:')) continue;
		rows.push({ key, label, value, target, verdict: verdict.replace(/\*\*/g, '') });
	}
	return { date: field('date'), command: field('command').replace(/`/g, ''), commit: field('commit'), quick: false, rows, source: path };
}

/**
 * Each row's previous figure, looked up among the runs written beside `reportPath`, in the
 * project's BENCHMARKS.json, .bench/BENCHMARKS.partial.json and BENCHMARKS.md; the newest
 * figure of the row wins.
 * Returns `(key, label) => { value, verdict, date, commit } | null`.
 */
export function previousFigures(reportPath, { quick }) {
	const root = join(projectRoot, 'BENCHMARKS.md');
	const candidates = [
		readJsonRun(figuresPathOf(reportPath)),
		readJsonRun(figuresPathOf(root)),
		readJsonRun(join(scratchRoot, 'BENCHMARKS.partial.json')),
		readMarkdownRun(root)
	];
	const seen = new Set();
	const byRow = new Map();
	for (const run of candidates) {
		if (!run || seen.has(run.source)) continue;
		seen.add(run.source);
		for (const row of run.rows ?? []) {
			const mine = { date: row.date ?? run.date, commit: row.commit ?? run.commit, quick: Boolean(row.quick ?? run.quick) };
			if (mine.quick !== Boolean(quick)) continue;
			const key = rowKey(row.key, row.label, mine.quick);
			const known = byRow.get(key);
			if (!known || String(mine.date).localeCompare(String(known.date)) > 0)
				byRow.set(key, { value: row.value, verdict: row.verdict, date: mine.date, commit: mine.commit });
		}
	}
	return (key, label) => byRow.get(rowKey(key, label, quick)) ?? null;
}
