/**
 * ESLint: type-checked typescript-eslint rules for every .ts and .svelte file, the Svelte
 * plugin's recommended rules, and the folder boundaries of src/lib (importBoundaries below).
 * Formatting is Prettier's job (`npm run lint` runs prettier --check first), so no style rules here.
 */
import { includeIgnoreFile } from '@eslint/compat';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import { fileURLToPath } from 'node:url';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * An import specifier that reaches one of src/lib's folders, written either through the alias
 * (`$lib/local/app-db`) or relatively (`../local/app-db`, `../../server/db`). Relative forms are
 * matched by folder name after one or more `../`, which is exact for these folders: none of them
 * has a subfolder of the same name.
 */
const libFolder = (folders, message) => ({
	regex: `^(\\$lib/|(\\.\\./)+)(${folders.join('|')})(/|$)`,
	message
});

/**
 * One folder's boundary, for static imports and re-exports (type-only ones included: a type
 * import still ties the folders together) and for `import()` of a literal path, which
 * no-restricted-imports does not see. A `/` inside the selector's regex would end it early, so
 * it is written as \x2F there.
 */
const boundary = (files, patterns) => ({
	files,
	rules: {
		'no-restricted-imports': ['error', { patterns }],
		'no-restricted-syntax': [
			'error',
			...patterns.map(({ regex, message }) => ({
				selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\x2F')}/]`,
				message
			}))
		]
	}
});

/**
 * Where code runs, enforced: domain is pure and shared by browser, server and service worker;
 * local is browser-only; server is server-only. (SvelteKit refuses `$lib/server` in browser
 * bundles, but not in unit tests or the service worker, and it knows nothing of domain or local.)
 */
const importBoundaries = [
	boundary(
		['src/lib/domain/**'],
		[
			libFolder(
				['local', 'server', 'components', 'ui'],
				'lib/domain is pure and shared: it imports nothing from local, server, components or ui.'
			),
			{ regex: '^(\\.\\./)+routes(/|$)', message: 'lib/domain is pure and shared: it imports nothing from routes.' },
			{
				regex: '^(\\$app|\\$env|\\$service-worker|svelte|@sveltejs/kit|dexie)(/|$)',
				message: 'lib/domain is pure and shared by browser, server and service worker: no SvelteKit, Svelte or Dexie.'
			}
		]
	),
	boundary(['src/lib/local/**'], [libFolder(['server'], 'lib/local runs in the browser: it never imports lib/server.')]),
	boundary(
		['src/lib/server/**'],
		[libFolder(['local', 'components', 'ui'], 'lib/server runs on the server: it never imports lib/local, components or ui.')]
	)
];

/** The rules that flag values typed `any` flowing into typed code (switched off where noted below). */
const noUnsafeAny = Object.fromEntries(
	['argument', 'assignment', 'call', 'member-access', 'return'].map((what) => [`@typescript-eslint/no-unsafe-${what}`, 'off'])
);

export default defineConfig(
	// What git ignores (build output, generated and local data) is not linted either; the rest
	// below is tracked but not source.
	includeIgnoreFile(fileURLToPath(new URL('.gitignore', import.meta.url))),
	globalIgnores(['static/']),

	js.configs.recommended,
	ts.configs.recommendedTypeChecked,
	svelte.configs.recommended,
	svelte.configs.prettier,

	{
		// A disable comment that no longer suppresses anything is removed, not left to rot.
		linterOptions: { reportUnusedDisableDirectives: 'error' },
		languageOptions: {
			parserOptions: {
				// The project service finds each file's tsconfig. Files outside tsconfig.json's
				// include (the service worker, which SvelteKit type-checks apart, and the Playwright
				// config) get a default project built from tsconfig.json.
				projectService: {
					allowDefaultProject: ['src/service-worker.ts', 'src/service-worker/*.ts', 'playwright.config.ts'],
					defaultProject: 'tsconfig.json'
				},
				tsconfigRootDir: import.meta.dirname,
				extraFileExtensions: ['.svelte']
			}
		},
		rules: {
			// `_name` marks an argument a signature requires but the body does not use.
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }]
		}
	},

	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: { parser: ts.parser, svelteConfig }
		},
		rules: {
			// The app is served from the site root (no kit.paths.base) and the service worker's shell
			// assumes absolute paths (kit.paths.relative = false), so a plain '/inspections/…' link
			// is the resolved path; wrapping every href and goto in resolve() would add nothing.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		// The TypeScript program ESLint builds cannot read .svelte modules: a component's props, a
		// callback a child component passes up, and SvelteKit's generated `$props()` types of route
		// files all arrive as `any` here. The no-unsafe-* rules would flag every one of those false
		// positives; svelte-check (in `npm run check`) type-checks these files with full types.
		files: ['**/*.svelte'],
		rules: noUnsafeAny
	},
	{
		// Tests read JSON bodies (`await res.json()` is `any`) and poke at loosely shaped results on
		// purpose; `expect` is what checks their shape. The promise rules stay on: an unawaited
		// `expect(...).rejects` is a test that silently passes.
		files: ['tests/**', '**/*.test.ts'],
		rules: noUnsafeAny
	},

	// TypeScript reports undefined names in .ts and .svelte files itself, from the libs each
	// tsconfig names, so no-undef (and with it the globals below) only matters for plain JavaScript.
	{ files: ['**/*.ts', '**/*.svelte'], rules: { 'no-undef': 'off' } },

	// Where code runs decides its globals: the app in a browser, the service worker in a worker,
	// server code, scripts, tests and configs in Node.
	{ files: ['src/**'], languageOptions: { globals: { ...globals.browser } } },
	{ files: ['src/service-worker.ts', 'src/service-worker/**'], languageOptions: { globals: { ...globals.serviceworker } } },
	{
		files: ['src/lib/server/**', 'src/hooks.server.ts', 'src/routes/**/+*.server.ts', 'src/routes/**/+server.ts', '**/*.test.ts'],
		languageOptions: { globals: { ...globals.node } }
	},
	{ files: ['scripts/**', 'tests/**', '*.config.{js,ts}'], languageOptions: { globals: { ...globals.node } } },
	// The benchmarks drive Chromium: page.evaluate bodies and the bundled bench modules run in the
	// page, where the bundles (scripts/bench/browser) define KtmcBench and PouchBench.
	{
		files: ['scripts/bench/**'],
		languageOptions: { globals: { ...globals.node, ...globals.browser, KtmcBench: 'readonly', PouchBench: 'readonly' } }
	},

	// Plain JavaScript (scripts, configs) is outside every tsconfig: no type information, so the
	// type-checked rules are switched off for it and @eslint/js recommended applies.
	{ files: ['**/*.js'], extends: [ts.configs.disableTypeChecked] },

	importBoundaries
);
