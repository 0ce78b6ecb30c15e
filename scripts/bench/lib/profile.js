/**
 * Where a server's CPU time went, from a V8 .cpuprofile (node --cpu-prof): each sample is put
 * in the first bucket its call stack matches, in this order — durable commits, the audit chain
 * (its statements and hashing), preparing SQL statements, executing them, compiling queries
 * with Kysely, building queries and transactions with Kysely, zod parsing, the HTTP layer
 * (Node's and SvelteKit's), loading modules at start-up, garbage collection, anything else
 * (the handlers' own code, JSON) — or idle (waiting for requests).
 */
import { readFileSync } from 'node:fs';

const BUCKETS = [
	['commit', (f) => f.functionName === 'commitTransaction'],
	['audit', (f) => f.functionName === 'appendAudit'],
	['prepare', (f) => f.functionName === 'prepare' && f.url.includes('better-sqlite3')],
	['execute', (f) => f.functionName === 'executeQuery' && f.url.includes('sqlite-driver')],
	['compile', (f) => f.functionName === 'compileQuery'],
	['kysely', (f) => f.url.includes('/kysely/')],
	['zod', (f) => f.url.includes('/zod/')],
	[
		'http',
		(f) =>
			f.url.includes('@sveltejs/kit') ||
			f.url.startsWith('node:_http') ||
			f.url.startsWith('node:http') ||
			f.url.includes('/build/handler.js')
	],
	['startup', (f) => f.url.startsWith('node:internal/modules') || f.functionName === 'compileSourceTextModule'],
	['gc', (f) => f.functionName === '(garbage collector)']
];

export function profileBuckets(file) {
	const profile = JSON.parse(readFileSync(file, 'utf8'));
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const totals = { idle: 0, other: 0 };
	for (const [name] of BUCKETS) totals[name] = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		const dt = (profile.timeDeltas[i] ?? 0) / 1000;
		const leaf = byId.get(profile.samples[i]);
		if (leaf.callFrame.functionName === '(idle)' || leaf.callFrame.functionName === '(program)') {
			totals.idle += dt;
			continue;
		}
		const frames = [];
		for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) frames.push(byId.get(id).callFrame);
		const bucket = BUCKETS.find(([, match]) => frames.some(match))?.[0] ?? 'other';
		totals[bucket] += dt;
	}
	const busy = Object.entries(totals).reduce((n, [k, v]) => (k === 'idle' ? n : n + v), 0);
	return {
		busyMs: busy,
		idleMs: totals.idle,
		share: Object.fromEntries(
			Object.entries(totals)
				.filter(([k]) => k !== 'idle')
				.map(([k, v]) => [k, v / busy])
		)
	};
}
