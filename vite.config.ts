import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Integration files that run after the others, one at a time: the event-loop check holds how
 * long a request blocks the loop, which other files' work on the same two cores would blur.
 */
const alone = ['tests/integration/event-loop.test.ts'];

export default defineConfig({
	plugins: [
		// Compiles src/lib/i18n/messages/*.json into typed message functions (src/lib/paraglide).
		// The language is kept by our own rune (src/lib/ui/i18n.svelte.ts), so the only strategy is
		// the base locale Paraglide falls back to: Vietnamese, as the server-rendered pages speak.
		// Not under Vitest: every test script compiles the messages first (`npm run i18n`), and
		// `npm test` runs the unit tests beside ESLint and svelte-check (test:static), which read
		// src/lib/paraglide while the plugin would be writing it again (a fresh clone's CI saw
		// half-written files as "not a module").
		...(process.env.VITEST
			? []
			: [paraglideVitePlugin({ project: './project.inlang', outdir: './src/lib/paraglide', strategy: ['baseLocale'] })]),
		sveltekit()
	],
	define: {
		// Workbox modules branch on NODE_ENV for their dev logging; the service worker build
		// does not get Vite's usual replacement, so state it here.
		'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV ?? 'production')
	},
	worker: { format: 'es' },
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.test.ts', 'tests/lint/**/*.test.ts'],
					// Files share their worker's modules instead of each importing the app afresh: 48 s
					// against 107 s here (import 5 s against 31 s), every test the same. The files
					// leave nothing behind: stubbed globals are unstubbed after each test, and each
					// test's fake-indexeddb database has a name of its own or is deleted after it.
					// Checked in a shuffled order too (--sequence.shuffle).
					isolate: false,
					// `npm test` runs these beside ESLint and svelte-check (test:static): a queue of a
					// thousand entries in fake-indexeddb takes 4-5 s alone on a slow 2-core machine and
					// more with them, past the default 5 s. A time limit, not a speed check.
					testTimeout: 30_000
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					environment: 'node',
					include: ['tests/integration/**/*.test.ts'],
					exclude: [...configDefaults.exclude, ...alone],
					globalSetup: ['tests/integration/setup/postgres.ts', 'tests/integration/setup/s3.ts'],
					testTimeout: 120_000,
					hookTimeout: 120_000,
					// Files side by side: each has its own database (a SQLite file, a PostgreSQL database
					// on the shared test server) and process, and a file spends about half its time
					// waiting on PostgreSQL, so three at a time keep two cores busy.
					maxWorkers: 3,
					// As for the unit tests: 150 s against 214 s (import 48 s against 155 s). Each file
					// opens its own database, so sharing modules shares no data.
					isolate: false,
					sequence: { groupOrder: 0 }
				}
			},
			{
				extends: true,
				test: {
					name: 'integration-alone',
					environment: 'node',
					include: alone,
					globalSetup: ['tests/integration/setup/postgres.ts', 'tests/integration/setup/s3.ts'],
					testTimeout: 120_000,
					hookTimeout: 120_000,
					fileParallelism: false,
					sequence: { groupOrder: 1 }
				}
			}
		]
	}
});
