/**
 * The type-checked promise rules reach every kind of source file: a config block that drops
 * type information for a file kind (or a later block that switches the rules off) would let
 * floating promises into that kind unnoticed, so the resolved config is checked per kind.
 */
import { ESLint, type Linter } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

const files = [
	'src/lib/domain/x.ts',
	'src/lib/local/x.svelte.ts',
	'src/lib/components/app/X.svelte',
	'src/routes/x/+page.svelte',
	'src/lib/server/x.ts',
	'src/service-worker.ts',
	'src/lib/domain/x.test.ts',
	'tests/integration/x.test.ts'
];

describe('promise rules', () => {
	it.each(files)('are errors with type information in %s', async (file) => {
		const config = (await eslint.calculateConfigForFile(file)) as Linter.Config | undefined;
		const severity = (rule: string) => {
			const entry = config?.rules?.[rule];
			return Array.isArray(entry) ? entry[0] : entry;
		};
		expect(severity('@typescript-eslint/no-floating-promises')).toBe(2);
		expect(severity('@typescript-eslint/no-misused-promises')).toBe(2);
		expect((config?.languageOptions?.parserOptions as { projectService?: unknown } | undefined)?.projectService).toBeTruthy();
	});
});
