/**
 * Vitest globalSetup for the integration project: gives the tests a PostgreSQL server URL.
 *
 * TEST_DATABASE_URL wins when set (CI with a service container); TEST_POSTGRES=skip leaves
 * PostgreSQL out on purpose. Otherwise, if PostgreSQL's server binaries are installed, a
 * throwaway cluster is started in a temp dir on a free port and removed afterwards. Without
 * either, the PostgreSQL cases are skipped and the reason is printed. Each test file then
 * creates its own database on this server.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
	export interface ProvidedContext {
		/** Server URL (database "postgres") the tests may create databases on; null when skipped. */
		postgresUrl: string | null;
		postgresSkipReason: string | null;
	}
}

const run = promisify(execFile);

function findServerBinaries(): string | null {
	const hasBoth = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
	for (const dir of (process.env.PATH ?? '').split(delimiter)) {
		if (dir && hasBoth(dir)) return dirname(realpathSync(join(dir, 'pg_ctl')));
	}
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return null;
	const versions = readdirSync(root)
		.filter((v) => /^\d+$/.test(v))
		.sort((a, b) => Number(b) - Number(a));
	for (const version of versions) {
		const dir = join(root, version, 'bin');
		if (hasBoth(dir)) return dir;
	}
	return null;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

async function postgresUserIds(): Promise<{ uid: number; gid: number } | null> {
	try {
		const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
		const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
		return { uid, gid };
	} catch {
		return null;
	}
}

interface Cluster {
	url: string;
	stop(): Promise<void>;
}

async function startCluster(bin: string): Promise<Cluster> {
	const asRoot = process.getuid?.() === 0;
	// initdb refuses to run as root: run the server tools as the postgres user in a dir it owns.
	const owner = asRoot ? await postgresUserIds() : null;
	if (asRoot && !owner) throw new Error('running as root and there is no "postgres" user to run initdb as');
	const dir = await mkdtemp(join(tmpdir(), 'kiem-tra-pg-'));
	if (owner) await chown(dir, owner.uid, owner.gid);
	const tool = (name: string, args: string[]) =>
		owner ? run('runuser', ['-u', 'postgres', '--', join(bin, name), ...args], { cwd: dir }) : run(join(bin, name), args, { cwd: dir });

	const data = join(dir, 'data');
	const log = join(dir, 'server.log');
	const port = await freePort();
	try {
		await tool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
		// Durability settings off: this cluster lives for one test run.
		const serverOptions = [
			`-p ${port}`,
			`-k ${dir}`,
			'-c listen_addresses=127.0.0.1',
			'-c fsync=off',
			'-c synchronous_commit=off',
			'-c full_page_writes=off',
			'-c max_connections=200'
		].join(' ');
		await tool('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', serverOptions, 'start']);
	} catch (error) {
		const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
		await rm(dir, { recursive: true, force: true });
		throw new Error(`could not start a test PostgreSQL cluster: ${String(error)}\n${serverLog}`, { cause: error });
	}
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		async stop() {
			await tool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch((e) => console.warn('[postgres] stop failed:', e));
			await rm(dir, { recursive: true, force: true });
		}
	};
}

function skip(project: TestProject, reason: string) {
	console.warn(`[postgres] ${reason}`);
	project.provide('postgresUrl', null);
	project.provide('postgresSkipReason', reason);
}

export default async function setup(project: TestProject) {
	if (process.env.TEST_POSTGRES === 'skip') return skip(project, 'PostgreSQL cases skipped: TEST_POSTGRES=skip');
	const fromEnv = process.env.TEST_DATABASE_URL;
	if (fromEnv) {
		project.provide('postgresUrl', fromEnv);
		project.provide('postgresSkipReason', null);
		return;
	}
	const bin = findServerBinaries();
	if (!bin) {
		return skip(
			project,
			'PostgreSQL cases skipped: TEST_DATABASE_URL is not set and no initdb/pg_ctl was found on PATH or under /usr/lib/postgresql/*/bin'
		);
	}
	const cluster = await startCluster(bin);
	console.log(`[postgres] throwaway cluster from ${bin} at ${cluster.url}`);
	project.provide('postgresUrl', cluster.url);
	project.provide('postgresSkipReason', null);
	return () => cluster.stop();
}
