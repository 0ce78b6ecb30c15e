/**
 * The folder boundaries in eslint.config.js, proven on snippets: each import below is linted
 * with the project's real config as if it sat in the named file, so a boundary that stops
 * firing (a renamed folder, a broken pattern, a config block that no longer matches) fails here
 * instead of letting the import through in silence.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import ts from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

// The snippets name files that do not exist, and the boundary rule needs no types, so the
// type-checked rules are switched off here rather than building a TypeScript program per snippet.
const eslint = new ESLint({ cwd: root, overrideConfig: [ts.configs.disableTypeChecked] });

async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(`${code}\n`, { filePath });
	expect(result?.messages.filter((m) => m.fatal)).toEqual([]);
	const boundaryRules = ['no-restricted-imports', 'no-restricted-syntax'];
	return (result?.messages ?? []).filter((m) => boundaryRules.includes(m.ruleId ?? '')).map((m) => m.message);
}

const refused: [file: string, code: string][] = [
	['src/lib/domain/x.ts', "import { AppDb } from '$lib/local/app-db';"],
	['src/lib/domain/x.ts', "import { AppDb } from '../local/app-db';"],
	['src/lib/domain/protocol/x.ts', "import { AppDb } from '../../local/app-db';"],
	['src/lib/domain/x.ts', "import type { Database } from '$lib/server/db/schema';"],
	['src/lib/domain/x.ts', "import { db } from '../server/db/instance';"],
	['src/lib/domain/x.ts', "export { default as Badge } from '$lib/components/app/Badge.svelte';"],
	['src/lib/domain/x.ts', "import { notifier } from '$lib/ui/notify.svelte';"],
	['src/lib/domain/x.ts', "import { load } from '../../routes/+layout';"],
	['src/lib/domain/x.ts', "import { browser } from '$app/environment';"],
	['src/lib/domain/x.ts', "import { env } from '$env/dynamic/private';"],
	['src/lib/domain/x.ts', "import { Dexie } from 'dexie';"],
	['src/lib/domain/x.ts', "import { writable } from 'svelte/store';"],
	['src/lib/domain/x.ts', "import { untrack } from 'svelte';"],
	['src/lib/domain/x.ts', "export const db = () => import('$lib/server/db/instance');"],
	['src/lib/domain/x.ts', "export const view = () => import('../../routes/+page.svelte');"],
	['src/lib/domain/x.ts', "export const dexie = () => import('dexie');"],
	['src/lib/domain/x.test.ts', "import { AppDb } from '$lib/local/app-db';"],
	['src/lib/local/x.ts', "import { db } from '$lib/server/db/instance';"],
	['src/lib/local/sync/x.ts', "import type { PushResult } from '../../server/sync/apply-push';"],
	['src/lib/local/x.svelte.ts', "import { db } from '$lib/server/db/instance';"],
	['src/lib/server/x.ts', "import { AppDb } from '$lib/local/app-db';"],
	['src/lib/server/sync/x.ts', "import { AppDb } from '../../local/app-db';"],
	['src/lib/server/x.ts', "import Badge from '$lib/components/app/Badge.svelte';"],
	['src/lib/server/x.ts', "export const local = () => import('../local/app-db');"]
];

const allowed: [file: string, code: string][] = [
	['src/lib/domain/x.ts', "import { z } from 'zod';"],
	['src/lib/domain/x.ts', "import { inspectionSchema } from './inspection';"],
	['src/lib/domain/protocol/x.ts', "import { roles } from '../principal';"],
	['src/lib/domain/x.ts', "import { defaultTemplate } from '$lib/templates';"],
	['src/lib/domain/x.ts', "export const schema = () => import('./inspection');"],
	['src/lib/local/x.ts', "import { roles } from '$lib/domain/principal';"],
	['src/lib/local/x.ts', "import { Dexie } from 'dexie';"],
	['src/lib/local/x.ts', "export const sizes = () => import('$lib/local/photos/image-size');"],
	['src/lib/server/x.ts', "import { roles } from '$lib/domain/principal';"],
	['src/lib/server/x.ts', "import { Kysely } from 'kysely';"],
	['src/lib/components/x.ts', "import { AppDb } from '$lib/local/app-db';"]
];

describe('import boundaries of src/lib', () => {
	it.each(refused)('refuses in %s: %s', async (file, code) => {
		expect(await boundaryMessages(file, code)).toHaveLength(1);
	});

	it.each(allowed)('allows in %s: %s', async (file, code) => {
		expect(await boundaryMessages(file, code)).toEqual([]);
	});
});
