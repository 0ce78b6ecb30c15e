/**
 * The previous run's figure for each row of the table. Every run writes its figures beside its
 * report (BENCHMARKS.json beside BENCHMARKS.md, .bench/BENCHMARKS.partial.json beside a partial
 * report); the next run looks each row up by section and label in those files and, for runs
 * made before the JSON existed, in BENCHMARKS.md's own table — taking the most recent run that
 * has the row. Quick runs (`--quick`, tiny sizes) are compared only with quick runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, scratchRoot } from './paths.js';

/** Where a report's figures go: beside it, `.md` replaced by `.json`. */
export function figuresPathOf(reportPath) {
	return reportPath.replace(/\.md$/, '') + '.json';
}

const rowKey = (key, label) => `${key}|${label}`;

export function writeFigures(reportPath, { date, command, commit, quick, load, sections }) {
	const rows = sections.flatMap((s) =>
		s.rows.map((r) => ({ key: s.key, label: r.label, value: r.value, target: r.target ?? '', verdict: r.verdict ?? '' }))
	);
	const failed = sections.filter((s) => s.error).map((s) => ({ key: s.key, title: s.title, error: s.error }));
	const path = figuresPathOf(reportPath);
	writeFileSync(path, JSON.stringify({ date, command, commit, quick, load, rows, failed }, null, '\t') + '\n');
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
 * project's BENCHMARKS.json and in BENCHMARKS.md; the newest run holding the row wins.
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
	const runs = candidates
		.filter((run) => run && Boolean(run.quick) === Boolean(quick) && !seen.has(run.source) && seen.add(run.source))
		.sort((a, b) => String(b.date).localeCompare(String(a.date)));
	const byRow = new Map();
	for (const run of runs)
		for (const row of run.rows ?? []) {
			const key = rowKey(row.key, row.label);
			if (!byRow.has(key)) byRow.set(key, { value: row.value, verdict: row.verdict, date: run.date, commit: run.commit });
		}
	return (key, label) => byRow.get(rowKey(key, label)) ?? null;
}
