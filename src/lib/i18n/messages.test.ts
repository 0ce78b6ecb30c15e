// The message files are the one place user-visible words live: both languages must have every
// key with the same placeholders, and every m.key( used in the source must exist.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import vi from './messages/vi.json';
import en from './messages/en.json';
import { knownErrorCodes, validationCodes } from '$lib/ui/error-words';

type Messages = Record<string, string>;
const keysOf = (o: Messages) => Object.keys(o).filter((k) => k !== '$schema');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return name === 'paraglide' ? [] : sourceFiles(path);
		return /\.(ts|svelte)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
	});
}

describe('message files', () => {
	it('have the same keys in Vietnamese and English', () => {
		expect(keysOf(en).filter((k) => !(k in vi))).toEqual([]);
		expect(keysOf(vi).filter((k) => !(k in en))).toEqual([]);
	});

	it('have no empty message', () => {
		for (const lang of [vi, en] as Messages[]) expect(keysOf(lang).filter((k) => !lang[k]?.trim())).toEqual([]);
	});

	// Issue 20: English complete. A value the same in both languages is Vietnamese copied over,
	// except for these few: the app's proper name and texts made only of placeholders.
	const SAME_IN_BOTH = ['app_name', 'grid_cell_label', 'plan_period_custom', 'plan_progress_filter_count'];

	it('have English words for every key, not the Vietnamese copied', () => {
		const copied = keysOf(vi).filter((k) => (vi as Messages)[k] === (en as Messages)[k] && !SAME_IN_BOTH.includes(k));
		expect(copied).toEqual([]);
		// The list stays honest: each exception is still the same text in both languages.
		expect(SAME_IN_BOTH.filter((k) => (vi as Messages)[k] !== (en as Messages)[k])).toEqual([]);
	});

	it('write English without Vietnamese letters (a half-translated sentence), the proper name aside', () => {
		const vietnameseLetter = /[ăâđêôơưàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]/i;
		expect(keysOf(en).filter((k) => k !== 'app_name' && vietnameseLetter.test((en as Messages)[k]!))).toEqual([]);
	});

	it('use the same placeholders in both languages', () => {
		const differing = keysOf(vi).filter(
			(k) => placeholders((vi as Messages)[k]!).join() !== placeholders((en as Messages)[k] ?? '').join()
		);
		expect(differing).toEqual([]);
	});

	function usedKeys(): Set<string> {
		// Files importing the messages as `m` (or `m as alias`): their alias.key( calls, and
		// alias.key references in the code → words tables of src/lib/ui.
		const importsM = /import \{[^}]*\bm(?: as (\w+))?\b[^}]*\} from '[^']*(?:i18n\.svelte|paraglide\/messages\.js)'/;
		return new Set(
			sourceFiles('src').flatMap((file) => {
				const text = readFileSync(file, 'utf8');
				// Named imports of message functions (error-words.ts, loaded lazily) are uses too.
				const named = [...text.matchAll(/import \{([^}]*)\} from '[^']*paraglide\/messages\.js'/g)].flatMap((i) =>
					i[1]!
						.split(',')
						.map((n) => n.trim())
						.filter((n) => n !== '' && n !== 'm')
				);
				const found = importsM.exec(text);
				if (!found) return named;
				const use = new RegExp(`\\b${found[1] ?? 'm'}\\.(\\w+)\\b(?=\\(|,|\\n|\\s*[}:)])`, 'g');
				return [...named, ...[...text.matchAll(use)].map((m) => m[1]!)];
			})
		);
	}

	it('hold every key the source calls as m.key(...)', () => {
		const used = usedKeys();
		expect(used.size).toBeGreaterThan(100);
		expect([...used].filter((k) => !(k in vi)).sort()).toEqual([]);
	});

	it('hold no key the source never uses', () => {
		const used = usedKeys();
		expect(keysOf(vi).filter((k) => !used.has(k))).toEqual([]);
	});

	it('name every known error code error_<code>', () => {
		expect(knownErrorCodes.filter((c) => !(`error_${c}` in vi))).toEqual([]);
	});

	it('word every validation code the shared schemas use', () => {
		// message: 'code', .min(1, 'code'), .max(200, 'code'), requiredText('code') in src/lib/domain
		const pattern = /(?:message: |\.(?:min|max)\([^,()]+, |requiredText\()'([a-z0-9_]+)'/g;
		const codes = new Set(sourceFiles('src/lib/domain').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(pattern)].map((m) => m[1]!)));
		expect(codes.size).toBeGreaterThan(10);
		expect([...codes].filter((c) => !validationCodes.includes(c)).sort()).toEqual([]);
	});

	it('word every validation code of the server schemas (accounts, sign-in, admin API)', () => {
		// The server's parseOrRefuse answers `invalid_request` with the schema's message, which
		// the screens word through validationText: .min/.max/.regex/.int/.positive/.refine(…, 'code'),
		// { error: 'code' }, message: 'code', and the helpers that take a code.
		const pattern =
			/(?:message: |error: |\.(?:min|max)\([^,()]+, |\.regex\(\/.*?\/\w*, |\.(?:int|positive)\(|(?:codeText|positiveInt)\(|\.refine\(.*, )'([a-z0-9_]+)'/g;
		const files = ['src/lib/server/auth', 'src/lib/server/admin', 'src/lib/domain/protocol'].flatMap(sourceFiles);
		const codes = new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(pattern)].map((m) => m[1]!)));
		expect(codes).toContain('username_charset');
		expect(codes).toContain('no_changes');
		expect([...codes].filter((c) => !validationCodes.includes(c)).sort()).toEqual([]);
	});
});
