/** The printed table and BENCHMARKS.md. */
import { writeFileSync } from 'node:fs';

const verdictMark = { met: 'met', missed: '**missed**', errors: '**errors**', '': '' };

function pad(text, width) {
	return text.length >= width ? text : text + ' '.repeat(width - text.length);
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
		}
	}
	console.log(lines.join('\n'));
}

const escape = (text) => String(text).replace(/\|/g, '\\|');

export function markdown({ machine, date, command, duration, load, buildNote, sections, concurrency, method, packages, published = [] }) {
	const out = [];
	out.push('# Benchmarks', '');
	out.push(
		'Written by `npm run bench` (scripts/bench/run.js): every figure below was measured by that run, on this machine. ' +
			'Run it again after `npm ci` to refresh this file; it takes a few minutes on 2 cores.',
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
	if (concurrency) out.push(concurrency, '');

	out.push('## Results', '');
	out.push('Median and spread of several runs unless a row says otherwise.', '');
	out.push('| # | figure | result | target | |', '|---|---|---|---|---|');
	for (const s of sections) {
		if (s.error) out.push(`| ${s.key} | ${escape(s.title)} | failed: ${escape(s.error)} | | |`);
		for (const r of s.rows)
			out.push(`| ${s.key} | ${escape(r.label)} | ${escape(r.value)} | ${escape(r.target)} | ${verdictMark[r.verdict] ?? r.verdict} |`);
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
