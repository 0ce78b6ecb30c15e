/**
 * A throwaway PostgreSQL cluster from the installed server binaries: the integration tests'
 * shared server (setup/postgres.ts), and clusters that a test owns so it can stop or kill the
 * database under a running app and start it again on the same data directory and port.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The directory holding initdb and pg_ctl, or null when PostgreSQL's server is not installed. */
export function findServerBinaries(): string | null {
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

export interface PostgresCluster {
	/** Server URL, database "postgres". */
	url: string;
	/** Starts the (stopped or killed) server again on the same data directory and port. */
	start(): Promise<void>;
	/**
	 * `pg_ctl stop -m immediate`: every backend quits at once without a shutdown checkpoint,
	 * like a crash; the next start replays the WAL.
	 */
	stopImmediately(): Promise<void>;
	/** SIGKILL to the postmaster (the backends follow when they notice), as the OOM killer would. */
	kill(): Promise<void>;
	/** Stops the server if it runs and deletes the cluster. */
	destroy(): Promise<void>;
}

/**
 * initdb and start a cluster in a temp dir on a free loopback port. `survivesCrashes`: a test that
 * stops or kills the server keeps every acknowledged commit (synchronous_commit on: the WAL is
 * written before the commit returns; fsync stays off, the machine itself does not crash).
 */
export async function startCluster(bin: string, options: { survivesCrashes?: boolean } = {}): Promise<PostgresCluster> {
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
	// Durability settings off: this cluster lives for one test run.
	const serverOptions = [
		`-p ${port}`,
		`-k ${dir}`,
		'-c listen_addresses=127.0.0.1',
		'-c fsync=off',
		`-c synchronous_commit=${options.survivesCrashes ? 'on' : 'off'}`,
		'-c full_page_writes=off',
		'-c max_connections=200'
	].join(' ');
	const start = async () => {
		try {
			await tool('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', serverOptions, 'start']);
		} catch (error) {
			const serverLog = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-30).join('\n') : '';
			throw new Error(`could not start the test PostgreSQL cluster: ${String(error)}\n${serverLog}`, { cause: error });
		}
	};
	const stopImmediately = () => tool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).then(() => {});
	const running = () => existsSync(join(data, 'postmaster.pid'));
	try {
		await tool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
		await start();
	} catch (error) {
		await rm(dir, { recursive: true, force: true });
		throw error;
	}
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		start,
		stopImmediately,
		async kill() {
			const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
			// Its children, noted first: once orphaned they are no longer the postmaster's.
			const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(pid)]).catch(() => ({ stdout: '' }));
			const family = [pid, ...stdout.split('\n').filter(Boolean).map(Number)];
			process.kill(pid, 'SIGKILL');
			// The backends exit on their own when they notice the postmaster gone; until the last
			// has, the shared memory is in use and a new postmaster refuses to start.
			for (let i = 0; i < 200 && family.some(isAlive); i++) await new Promise((resolve) => setTimeout(resolve, 50));
		},
		async destroy() {
			if (running()) await stopImmediately().catch((e) => console.warn('[postgres] stop failed:', e));
			await rm(dir, { recursive: true, force: true });
		}
	};
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
