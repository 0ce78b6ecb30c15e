/** The printed table and BENCHMARKS.md. */
import { writeFileSync } from 'node:fs';

const verdictMark = { met: 'met', missed: '**missed**', errors: '**errors**', '': '' };

function pad(text, width) {
	return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The previous run's figure for a row, in a few words (run.js sets `row.previous`). */
export function previousText(row) {
	const p = row.previous;
	if (!p) return 'none: no earlier run has this row';
	const verdict = p.verdict ? `, ${p.verdict.split(' ')[0]}` : '';
	return `${p.value} (${p.date}${p.commit ? `, ${p.commit}` : ''}${verdict})`;
}

/** A plain-text table for the terminal. */
export function printTable(sections) {
	const lines = [];
	for (const section of sections) {
		lines.push('', `${section.key}. ${section.title}`);
		if (section.error) lines.push(`   FAILED: ${section.error}`);
		for (const row of section.rows) {
			const target = row.target ? `  [target ${row.target}: ${row.verdict}]` : row.verdict ? `  [${row.verdict}]` : '';
			lines.push(`   ${pad(row.label, 86)} ${row.value}${target}`);
			if ('previous' in row) lines.push(`   ${pad('', 86)} previous: ${row.previous ? previousText(row) : 'none'}`);
		}
	}
	console.log(lines.join('\n'));
}

const escape = (text) => String(text).replace(/\|/g, '\\|');

export function markdown({
	machine,
	date,
	command,
	duration,
	load,
	buildNote,
	sections,
	concurrency,
	method,
	packages,
	published = [],
	figuresFile = 'BENCHMARKS.json',
	kept = []
}) {
	const out = [];
	out.push('# Benchmarks', '');
	out.push(
		'Written by `npm run bench` (scripts/bench/run.js): every figure below was measured by that run, on this machine. ' +
			'Run it again after `npm ci` to refresh this file; it takes a few minutes on 2 cores.',
		'',
		`Every figure stands beside its target and beside the previous run's figure for the same row (its date, commit and verdict): this run's figures are stored in \`${figuresFile}\` beside this file, and the next run reads them back (runs from before that file existed are read from this file's table); a row no earlier run has says so.`,
		'',
		'Options (`npm run bench -- …`): `--only=weight,cold,autosave,sync,capacity,national,photo,team,lighthouse` runs a subset (its report goes to `.bench/BENCHMARKS.partial.md`); ' +
			"`--full` runs the sync case with the issue's 1,000 inspections × 80 answers as well, as rows of their own beside the default 100 × 80; " +
			'`--sync-inspections=N` runs it with N only; `--runs=N` sets the browser runs per figure; `--quick` uses tiny sizes to check the harness (its figures are compared only with other quick runs); ' +
			"`--keep` keeps the national case's databases — the SQLite file and the PostgreSQL cluster's data directory, stopped cleanly — and prints where they are, how to open them (`sqlite3`; `pg_ctl start` and `psql`) and a file of `EXPLAIN` statements for every timed query, so their plans can be inspected; " +
			'`--build` / `--no-build` always / never rebuild the app first; `--out=FILE` writes the report elsewhere.',
		''
	);
	out.push('## Run', '');
	out.push(`| | |`, `|---|---|`);
	out.push(`| date | ${date} |`);
	out.push(`| command | \`${command}\` |`);
	out.push(`| duration | ${duration} |`);
	out.push(`| build | ${buildNote} |`);
	out.push(`| commit | ${machine.commit} |`);
	out.push(`| CPU | ${machine.cpu}, ${machine.cores} cores |`);
	out.push(`| memory | ${machine.memoryGiB} GiB |`);
	out.push(`| OS | ${machine.os} |`);
	out.push(`| Node.js | ${machine.node} |`);
	out.push(`| Chromium | ${machine.chromium} (Playwright ${machine.playwright}) |`);
	out.push(`| PostgreSQL | ${machine.postgres} |`);
	out.push(`| SQLite | ${machine.sqlite} (better-sqlite3) |`);
	out.push(`| load average (1/5/15 min) | before ${load.before}; after ${load.after} |`);
	out.push('');
	if (kept.length) out.push('Kept by `--keep` (databases of the national case, to inspect query plans):', '', '```', ...kept, '```', '');
	if (concurrency) out.push(concurrency, '');

	out.push('## Results', '');
	out.push('Median and spread of several runs unless a row says otherwise.', '');
	out.push('| # | figure | result | target | | previous run |', '|---|---|---|---|---|---|');
	for (const s of sections) {
		if (s.error) out.push(`| ${s.key} | ${escape(s.title)} | failed: ${escape(s.error)} | | | |`);
		for (const r of s.rows)
			out.push(
				`| ${s.key} | ${escape(r.label)} | ${escape(r.value)} | ${escape(r.target)} | ${verdictMark[r.verdict] ?? r.verdict} | ${escape(previousText(r))} |`
			);
	}
	out.push('');

	const scored = sections.flatMap((s) => s.rows.filter((r) => r.target));
	const missed = scored.filter((r) => r.verdict !== 'met');
	out.push('## Targets', '');
	out.push(`${scored.length - missed.length} of ${scored.length} targets met${missed.length ? '; missed:' : '.'}`, '');
	for (const r of missed) out.push(`- ${r.label} — ${r.value} (target ${r.target})`);
	if (missed.length) out.push('', 'What costs the time in each is below.');
	out.push('');

	const notes = sections.filter((s) => s.notes?.length);
	if (notes.length) {
		out.push('## Where the time goes', '');
		for (const s of notes) {
			out.push(`### ${s.key}. ${s.title}`, '');
			for (const n of s.notes) out.push(`- ${n}`);
			out.push('');
		}
	}

	if (published.length) {
		out.push('## Against the published figures', '');
		for (const p of published) out.push(`- ${p}`);
		out.push('');
	}

	out.push('## How each figure is measured', '');
	for (const [key, text] of method) out.push(`${key}. ${text}`, '');
	out.push('## Packages used by the benchmark', '', packages, '');
	return out.join('\n');
}

export function writeReport(path, data) {
	writeFileSync(path, markdown(data));
}
