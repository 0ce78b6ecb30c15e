/** What the figures were measured on: hardware, OS, runtimes, the commit, and how busy the machine was. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import Database from 'better-sqlite3';
import { projectRoot } from './paths.js';

function osName() {
	try {
		const pretty = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)"?/m)?.[1];
		return `${pretty ?? os.type()} (kernel ${os.release()}, ${os.arch()})`;
	} catch {
		return `${os.type()} ${os.release()} ${os.arch()}`;
	}
}

function git(args) {
	try {
		return execFileSync('git', args, { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	} catch {
		return null;
	}
}

function cpuTimes() {
	const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
	const n = fields.map(Number);
	const idle = n[3] + (n[4] ?? 0);
	return { idle, total: n.reduce((a, b) => a + b, 0) };
}

/** Share of all cores busy over `ms` (0–1), from /proc/stat; 0 where that is not available. */
export async function busyShare(ms) {
	try {
		const a = cpuTimes();
		await new Promise((r) => setTimeout(r, ms));
		const b = cpuTimes();
		return 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
	} catch {
		return 0;
	}
}

export const loadAverage = () =>
	os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(' / ');

export function machineInfo() {
	const cpus = os.cpus();
	const memory = new Database(':memory:');
	const sqlite = memory.prepare('select sqlite_version() as v').get().v;
	memory.close();
	const commit = git(['rev-parse', '--short', 'HEAD']);
	const dirty = git(['status', '--porcelain']);
	return {
		cpu: cpus[0]?.model?.trim() ?? 'unknown',
		cores: cpus.length,
		memoryGiB: (os.totalmem() / 1024 ** 3).toFixed(1),
		os: osName(),
		node: process.version,
		sqlite,
		commit: commit ? `${commit}${dirty ? ' + uncommitted changes in the working tree' : ''}` : 'unknown'
	};
}
