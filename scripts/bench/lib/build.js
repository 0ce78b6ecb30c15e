/**
 * The app the benchmarks run: `vite build` when build/ is missing or older than anything in
 * src/, static/ or the build configuration (or always with --build, never with --no-build),
 * then a private copy of build/ inside .bench/ so a rebuild by someone else mid-run cannot swap
 * the server under the benchmark (the copy lives in the project so it still finds node_modules).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './paths.js';

function newestMtime(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

/** Why a build is needed, or null when build/ is up to date. */
export function staleReason() {
	const built = join(projectRoot, 'build', 'index.js');
	if (!existsSync(built)) return 'build/ is missing';
	const builtAt = statSync(built).mtimeMs;
	const inputs = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];
	const newer = inputs.filter((p) => newestMtime(join(projectRoot, p)) > builtAt);
	return newer.length ? `${newer.join(', ')} changed since the last build` : null;
}

/** Builds if needed (mode: 'auto' | 'always' | 'never'); returns what happened. */
export function ensureBuild(mode, log) {
	const reason = mode === 'always' ? '--build given' : mode === 'never' ? null : staleReason();
	if (mode === 'never' && !existsSync(join(projectRoot, 'build', 'index.js'))) throw new Error('--no-build given but build/ is missing');
	if (!reason)
		return {
			built: false,
			note: mode === 'never' ? 'not built (--no-build); used build/ as it was' : 'build/ was up to date; not rebuilt'
		};
	log(`building the app (${reason}) …`);
	const t0 = Date.now();
	const result = spawnSync(process.execPath, [join(projectRoot, 'node_modules/vite/bin/vite.js'), 'build'], {
		cwd: projectRoot,
		encoding: 'utf8'
	});
	if (result.status !== 0) throw new Error(`vite build failed:\n${(result.stderr || result.stdout).slice(-3000)}`);
	return { built: true, note: `built with \`vite build\` first (${reason}), ${((Date.now() - t0) / 1000).toFixed(0)} s` };
}

export function copyBuild(into) {
	cpSync(join(projectRoot, 'build'), into, { recursive: true });
	return into;
}
