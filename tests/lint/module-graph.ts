/**
 * The app's static import graph, read from source with TypeScript's parser (no build): which
 * modules a file loads before it runs, and where it loads others on demand (`import()`).
 * Type-only imports are left out: they are erased and load nothing.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const root = resolve(import.meta.dirname, '../..');

export interface ModuleInfo {
	/** Modules loaded before this one runs: project files relative to the root, packages as `npm:<name>`. */
	imports: string[];
	/** Specifiers it imports on demand. */
	dynamic: string[];
}

function scriptOf(file: string): string {
	const source = readFileSync(join(root, file), 'utf8');
	if (!file.endsWith('.svelte')) return source;
	return [...source.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

function resolveSpecifier(from: string, spec: string): string | null {
	let base: string;
	if (spec.startsWith('$lib/')) base = join(root, 'src/lib', spec.slice('$lib/'.length));
	else if (spec.startsWith('.')) base = resolve(join(root, dirname(from)), spec);
	else if (spec.startsWith('$'))
		return null; // $app, $env, $service-worker: SvelteKit's own
	else
		return `npm:${spec
			.split('/')
			.slice(0, spec.startsWith('@') ? 2 : 1)
			.join('/')}`;
	for (const candidate of [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts')])
		if (existsSync(candidate) && statSync(candidate).isFile()) return relative(root, candidate);
	throw new Error(`${from}: cannot resolve ${spec}`);
}

const typeOnly = (node: ts.ImportDeclaration | ts.ExportDeclaration): boolean => {
	if (ts.isExportDeclaration(node)) return node.isTypeOnly;
	const clause = node.importClause;
	if (!clause) return false; // a side-effect import
	if (clause.isTypeOnly) return true;
	const named = clause.namedBindings;
	return !clause.name && !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
};

export function moduleInfo(file: string): ModuleInfo {
	const source = ts.createSourceFile(file, scriptOf(file), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
	const imports: string[] = [];
	const dynamic: string[] = [];
	for (const node of source.statements) {
		if (!(ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) || !node.moduleSpecifier || typeOnly(node)) continue;
		const target = resolveSpecifier(file, (node.moduleSpecifier as ts.StringLiteral).text);
		if (target) imports.push(target);
	}
	const visit = (node: ts.Node) => {
		if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
			const arg = node.arguments[0];
			dynamic.push(arg && ts.isStringLiteral(arg) ? arg.text : '<computed>');
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return { imports, dynamic };
}

/** Every module the entries load before they run, each with the chain that first reached it. */
export function staticClosure(entries: string[]): Map<string, string[]> {
	const reached = new Map<string, string[]>(entries.map((e) => [e, [e]]));
	const queue = [...entries];
	while (queue.length > 0) {
		const file = queue.shift()!;
		if (file.startsWith('npm:')) continue;
		for (const dep of moduleInfo(file).imports) {
			if (reached.has(dep)) continue;
			reached.set(dep, [...reached.get(file)!, dep]);
			queue.push(dep);
		}
	}
	return reached;
}
